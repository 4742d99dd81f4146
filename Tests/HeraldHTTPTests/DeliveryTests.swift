import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// Delivery through loopback fake providers: failover, classification, retries, breakers, idempotency.
@Suite(.timeLimit(.minutes(2))) struct DeliveryTests {
    static func emailWebhook(_ herald: TestHerald, url: String, secret: String = "whsec-test", primary: Bool = false) async throws -> Integration {
        let created = try await herald.runtime.integrations.create(CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: "email-webhook", channel: .email,
            credentials: Credentials(["webhookUrl": .string(url), "secretKey": .string(secret),
                                      "from": .string("noreply@example.com"), "senderName": .string("Herald")]),
            active: true), principal: try await herald.apiKeyPrincipal())
        if primary { return try await herald.runtime.integrations.setPrimary(id: created.id, principal: try await herald.apiKeyPrincipal()) }
        return created
    }

    static let email = DeliveryRequest(
        channel: .email, to: .init(email: "ada@example.com"),
        content: .init(subject: "Hello", html: "<p>Hi</p>"), transactionId: "tx-1")

    static func delivery(_ herald: TestHerald, _ request: DeliveryRequest = email) -> Delivery {
        Delivery(id: Identifiers.objectId(), environmentId: herald.environmentId, organizationId: herald.keys.organizationId,
                 request: request, nextAttemptAt: Date(), createdAt: Date(), updatedAt: Date())
    }

    static func processor(_ herald: TestHerald, timeout: TimeAmount = .seconds(10), policy: RetryPolicy = .init(),
                          breakers: CircuitBreakers = .init(), now: @escaping @Sendable () -> Date = { Date() }) -> (DeliveryProcessor, HTTPClient) {
        let client = HTTPSender.makeClient()
        let sender = HTTPSender(client: client, outbound: AddressGuard(), timeout: timeout)
        return (DeliveryProcessor(
            integrations: herald.runtime.integrationStore,
            providers: [WebhookProvider(sender: sender), GenericSMSProvider(sender: sender)],
            breakers: breakers, policy: policy, now: now, random: { 0.5 }), client)
    }

    @Test func failsOverFromA500ToTheNextIntegration() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("broken", .respond(status: 500, json: #"{"error":"boom","echo":"whsec-test"}"#))
            fake.on("good", .respond(status: 200, json: #"{"ok":true}"#))
            let first = try await Self.emailWebhook(herald, url: fake.url("broken"))
            let second = try await Self.emailWebhook(herald, url: fake.url("good"), secret: "second-secret")
            #expect(first.primary)
            let (processor, client) = Self.processor(herald)
            let delivery = Self.delivery(herald)
            let result = await processor.process(delivery, logger: herald.logger)
            try await client.shutdown()
            #expect(result.status == .sent)
            #expect(result.attempts.map(\.outcome) == [.retryable, .sent])
            #expect(result.attempts.map(\.integrationId) == [first.id, second.id])
            #expect(result.attempts[0].error?.contains("HTTP 500") == true)
            #expect(result.attempts[0].error?.contains("whsec-test") == false, "echoed secrets are redacted")
            #expect(result.attempts[0].error?.contains("[redacted]") == true)
            let received = try #require(fake.requests(to: "good").first)
            #expect(received.header("Idempotency-Key") == delivery.id)
            let expected = HMAC<SHA256>.authenticationCode(for: received.body, using: SymmetricKey(data: Data("second-secret".utf8)))
                .map { String(format: "%02x", $0) }.joined()
            #expect(received.header("X-Novu-Signature") == expected)
            #expect(received.json.objectValue?["to"] == .array([.string("ada@example.com")]))
            #expect(received.json.objectValue?["subject"] == .string("Hello"))
            #expect(received.json.objectValue?["from"] == .string("noreply@example.com"))
            #expect(fake.unexpectedPaths.isEmpty)
            #expect(!herald.logs.text.contains("second-secret") && !herald.logs.text.contains("whsec-test"))
        }
        await fake.stop()
    }

    @Test func badCredentialsDropTheIntegrationForThisDelivery() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("unauthorized", .respond(status: 401, json: #"{"error":"bad key"}"#))
            fake.on("down", .respond(status: 503, json: "{}"))
            let first = try await Self.emailWebhook(herald, url: fake.url("unauthorized"))
            _ = try await Self.emailWebhook(herald, url: fake.url("down"))
            let (processor, client) = Self.processor(herald, policy: RetryPolicy(maxRounds: 3))
            var delivery = await processor.process(Self.delivery(herald), logger: herald.logger)
            #expect(delivery.status == .retrying)
            #expect(delivery.droppedIntegrationIds == [first.id])
            #expect(delivery.attempts.map(\.outcome) == [.permanent, .retryable])
            delivery = await processor.process(delivery, logger: herald.logger)
            try await client.shutdown()
            #expect(delivery.attempts.count == 3, "the dropped integration is not tried again")
            #expect(fake.requests(to: "unauthorized").count == 1)
        }
        await fake.stop()
    }

    @Test func timeoutsAreRetryableAndFailOver() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("slow", .delay(.seconds(3), then: .respond(status: 200, json: "{}")))
            fake.on("good", .respond(status: 200, json: "{}"))
            _ = try await Self.emailWebhook(herald, url: fake.url("slow"))
            _ = try await Self.emailWebhook(herald, url: fake.url("good"))
            let (processor, client) = Self.processor(herald, timeout: .milliseconds(500))
            let result = await processor.process(Self.delivery(herald), logger: herald.logger)
            try await client.shutdown()
            #expect(result.status == .sent)
            #expect(result.attempts.first?.outcome == .retryable)
            #expect(result.attempts.first?.error == "timed out")
        }
        await fake.stop()
    }

    @Test func retryScheduleUnderAnInjectedClock() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("limited", .respond(status: 429, json: "{}", headers: ["Retry-After": "100"]))
            fake.on("down", .respond(status: 502, json: "{}"))
            _ = try await Self.emailWebhook(herald, url: fake.url("down"))
            let clock = Date(timeIntervalSince1970: 2_000_000_000)
            let policy = RetryPolicy(maxRounds: 4, baseDelay: 15, maxDelay: 900)
            let (processor, client) = Self.processor(herald, policy: policy, now: { clock })
            var delivery = Self.delivery(herald)
            var waits: [Double] = []
            for _ in 0..<4 {
                delivery = await processor.process(delivery, logger: herald.logger)
                if delivery.status == .retrying { waits.append(delivery.nextAttemptAt.timeIntervalSince(clock)) }
            }
            #expect(waits == [15, 30, 60], "jitter is centred: random 0.5 gives the nominal delay")
            #expect(delivery.status == .failed)
            #expect(delivery.round == 4)
            // Retry-After longer than the schedule wins.
            let limited = try await Self.emailWebhook(herald, url: fake.url("limited"))
            var single = Self.delivery(herald, DeliveryRequest(
                channel: .email, to: .init(email: "a@b.c"), content: .init(subject: "s", text: "t"),
                integrationIdentifier: limited.identifier))
            single.droppedIntegrationIds = try await herald.runtime.integrations
                .list(scope: .environment(herald.environmentId), activeOnly: true).filter { $0.id != limited.id }.map(\.id)
            single = await processor.process(single, logger: herald.logger)
            try await client.shutdown()
            #expect(single.nextAttemptAt.timeIntervalSince(clock) == 100)
            #expect(RetryPolicy().nominalDelay(afterRound: 7) == 900)
            let total = (0..<7).map { RetryPolicy().nominalDelay(afterRound: $0) }.reduce(0, +)
            #expect((25 * 60...35 * 60).contains(total), "8 rounds span about 30 minutes")
        }
        await fake.stop()
    }

    @Test func circuitBreakerOpensSkipsAndCloses() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("flaky", .respond(status: 500, json: "{}"), .respond(status: 500, json: "{}"), .respond(status: 200, json: "{}"))
            fake.on("good", .respond(status: 200, json: "{}"))
            let flaky = try await Self.emailWebhook(herald, url: fake.url("flaky"))
            _ = try await Self.emailWebhook(herald, url: fake.url("good"))
            let breakers = CircuitBreakers(threshold: 2, coolDown: 30)
            let now = Mutex(Date(timeIntervalSince1970: 2_000_000_000))
            let (processor, client) = Self.processor(herald, breakers: breakers, now: { now.withLock { $0 } })
            for _ in 0..<2 { _ = await processor.process(Self.delivery(herald), logger: herald.logger) }
            #expect(breakers.health(flaky.id, now: now.withLock { $0 }).state == "open")
            let skipped = await processor.process(Self.delivery(herald), logger: herald.logger)
            #expect(skipped.attempts.map(\.integrationId).contains(flaky.id) == false)
            #expect(fake.requests(to: "flaky").count == 2)
            now.withLock { $0 = $0.addingTimeInterval(31) }
            let trial = await processor.process(Self.delivery(herald), logger: herald.logger)
            try await client.shutdown()
            #expect(trial.attempts.first?.integrationId == flaky.id && trial.status == .sent)
            #expect(breakers.health(flaky.id).state == "closed")
        }
        await fake.stop()
    }

    @Test func genericSMSSendsNovusShapeAndReadsTheIdPath() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("auth", .respond(status: 200, json: #"{"data":{"X-Token":"tok-123"}}"#))
            fake.on("sms", .respond(status: 201, json: #"{"data":{"messageId":"sms-42"}}"#))
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "generic-sms", channel: .sms,
                credentials: Credentials([
                    "baseUrl": .string(fake.url("sms")), "apiKeyRequestHeader": .string("X-Api-Key"),
                    "apiKey": .string("sms-api-key"), "secretKeyRequestHeader": .string("X-Api-Secret"),
                    "secretKey": .string("sms-secret"), "idPath": .string("data.messageId"),
                    "authenticateByToken": .bool(true), "domain": .string(fake.url("auth")),
                    "authenticationTokenKey": .string("X-Token"), "from": .string("Herald"),
                ]), active: true), principal: try await herald.apiKeyPrincipal())
            let (processor, client) = Self.processor(herald)
            let result = await processor.process(Self.delivery(herald, DeliveryRequest(
                channel: .sms, to: .init(phone: "+15550001"), content: .init(content: "code 1234"))), logger: herald.logger)
            try await client.shutdown()
            #expect(result.status == .sent)
            #expect(result.attempts.last?.messageId == "sms-42")
            #expect(fake.requests(to: "auth").first?.header("X-Api-Key") == "sms-api-key")
            let sms = try #require(fake.requests(to: "sms").first)
            #expect(sms.header("X-Token") == "tok-123")
            #expect(sms.json.objectValue?["to"] == .string("+15550001"))
            #expect(sms.json.objectValue?["content"] == .string("code 1234"))
            #expect(sms.json.objectValue?["from"] == .string("Herald"))
            #expect(sms.header("X-Novu-Signature") != nil)
        }
        await fake.stop()
    }

    @Test func outboundGuardRefusesMetadataAndOptionallyPrivateAddresses() async throws {
        await #expect(throws: ProviderFailure.self) { try await AddressGuard().check("http://169.254.169.254/latest/meta-data") }
        try await AddressGuard().check("http://127.0.0.1:9/x")
        await #expect(throws: ProviderFailure.self) { try await AddressGuard(denyPrivateNetwork: true).check("http://127.0.0.1:9/x") }
        await #expect(throws: ProviderFailure.self) { try await AddressGuard(denyPrivateNetwork: true).check("http://10.1.2.3/x") }
        try await AddressGuard(denyPrivateNetwork: true, allowHosts: ["127.0.0.1"]).check("http://127.0.0.1:9/x")
        await #expect(throws: ProviderFailure.self) { try await AddressGuard().check("file:///etc/passwd") }
    }

    @Test func deliveriesAPIEndToEndWithAWorker() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("chat", .respond(status: 200, json: #"{"id":"chat-1"}"#))
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat,
                credentials: Credentials(["secretKey": .string("chat-secret")]), active: true),
                principal: try await herald.apiKeyPrincipal())
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let body: JSONValue = .object([
                    "channel": .string("chat"), "to": .object(["webhookUrl": .string(fake.url("chat"))]),
                    "content": .object(["content": .string("Deploy finished")]),
                ])
                let created = try await client.execute(
                    uri: "/v1/deliveries", method: .post,
                    headers: [.authorization: auth, .contentType: "application/json", .init("Idempotency-Key")!: "k-1"],
                    body: ByteBuffer(bytes: body.encoded())) { response in
                    (response.status, try JSONValue.parse(Data(buffer: response.body)))
                }
                #expect(created.0 == .accepted)
                let id = try #require(created.1.value(atPath: "data._id")?.stringValue)
                let replay = try await client.execute(
                    uri: "/v1/deliveries", method: .post,
                    headers: [.authorization: auth, .contentType: "application/json", .init("Idempotency-Key")!: "k-1"],
                    body: ByteBuffer(bytes: body.encoded())) { response in
                    (response.status, try JSONValue.parse(Data(buffer: response.body)))
                }
                #expect(replay.0 == .ok)
                #expect(replay.1.value(atPath: "data._id")?.stringValue == id)
                let conflict = try await client.execute(
                    uri: "/v1/deliveries", method: .post,
                    headers: [.authorization: auth, .contentType: "application/json", .init("Idempotency-Key")!: "k-1"],
                    body: ByteBuffer(string: #"{"channel":"chat","to":{"webhookUrl":"http://127.0.0.1:1/x"},"content":{"content":"other"}}"#)
                ) { $0.status }
                #expect(conflict == .conflict)
                var status = ""
                for _ in 0..<100 {
                    status = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth).data.value(atPath: "status")?.stringValue ?? ""
                    if status == "sent" { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(status == "sent")
                let fetched = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth)
                #expect(fetched.data.value(atPath: "attempts")?.arrayValue?.first?.value(atPath: "messageId") == .string("chat-1"))
                #expect(fake.requests(to: "chat").count == 1, "the replay sent nothing")
                let listed = try await client.send(.get, "/v1/deliveries?status=sent&channel=chat", auth: auth)
                #expect(listed.data.arrayValue?.count == 1)
                #expect(try await client.send(.get, "/v1/deliveries?status=nope", auth: auth).status == .unprocessableContent)
                let missing = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("email"), "to": .object([:]), "content": .object(["subject": .string("s")]),
                ]))
                #expect(missing.status == .unprocessableContent)
                #expect(missing.text.contains("to.email is required"))
                let noIntegration = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("sms"), "to": .object(["phone": .string("+1555")]), "content": .object(["content": .string("x")]),
                ]))
                #expect(noIntegration.status == .unprocessableContent)
                #expect(noIntegration.text.contains("No usable sms integration"))
                let metadata = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("chat"), "to": .object(["webhookUrl": .string("http://169.254.169.254/latest")]),
                    "content": .object(["content": .string("x")]),
                ]))
                #expect(metadata.status == .unprocessableContent)
                let retry = try await client.send(.post, "/v1/deliveries/\(id)/retry", auth: auth)
                #expect(retry.status == .conflict, "only failed deliveries are retried")
                let other = try await client.send(.get, "/v1/deliveries/\(id)", auth: "ApiKey \(herald.otherApiKey)")
                #expect(other.status == .notFound)
                let metrics = try await client.send(.get, "/metrics")
                #expect(metrics.status == .ok)
                #expect(metrics.text.contains("herald_deliveries_total{") && metrics.text.contains("outcome=\"sent\""))
                #expect(metrics.text.contains("provider=\"chat-webhook\""))
                #expect(metrics.text.contains("herald_attempt_duration_seconds_bucket"))
                #expect(metrics.text.contains("herald_queue_depth 0"))
                #expect(metrics.text.contains("herald_open_circuits 0"))
            }
            worker.stop()
            try await running.value
        }
        await fake.stop()
    }

    @Test func selectionDryRunExplainsEveryIntegration() async throws {
        try await TestHerald.with { herald in
            let principal = try await herald.apiKeyPrincipal()
            let service = herald.runtime.integrations
            func make(_ identifier: String, conditions: [StepFilter] = [], active: Bool = true) async throws {
                _ = try await service.create(CreateIntegrationInput(
                    environmentId: herald.environmentId, providerId: "email-webhook", channel: .email, identifier: identifier,
                    credentials: Credentials(["webhookUrl": .string("http://127.0.0.1:1/x"), "secretKey": .string("s"),
                                              "from": .string("a@b.c"), "senderName": .string("A")]),
                    active: active, conditions: conditions), principal: principal)
            }
            try await make("main")
            try await make("eu", conditions: [StepFilter(children: [
                FilterPart(field: "data.region", value: .string("eu"), operator: .equal, on: .tenant)])])
            try await make("us", conditions: [StepFilter(children: [
                FilterPart(field: "data.region", value: .string("us"), operator: .equal, on: .tenant)])])
            try await make("off", active: false)
            try await herald.application().test(.router) { client in
                let response = try await client.send(.post, "/v1/integrations/select", auth: "ApiKey \(herald.apiKey)", json: .object([
                    "channel": .string("email"), "to": .object(["email": .string("a@b.c")]),
                    "content": .object(["subject": .string("s"), "text": .string("t")]),
                    "tenant": .object(["data": .object(["region": .string("eu")])]),
                ]))
                #expect(response.status == .ok)
                let chain = response.data.value(atPath: "chain")?.arrayValue?.compactMap { $0.value(atPath: "identifier")?.stringValue }
                #expect(chain == ["eu", "main"])
                let reasons = Dictionary(uniqueKeysWithValues: (response.data.value(atPath: "integrations")?.arrayValue ?? []).map {
                    ($0.value(atPath: "identifier")?.stringValue ?? "", $0.value(atPath: "reason")?.stringValue ?? "")
                })
                #expect(reasons == ["eu": "conditions matched", "main": "primary", "us": "conditions not matched", "off": "inactive"])
            }
        }
    }

    @Test func inAppMessagesReachTheFeedOnceAndCanBeMarked() async throws {
        try await TestHerald.with { herald in
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "novu", channel: .inApp, active: true),
                principal: try await herald.apiKeyPrincipal())
            let request = DeliveryRequest(channel: .inApp, to: .init(subscriberId: "sub-1"),
                                          content: .init(content: "Your report is ready", title: "Report", data: .object(["url": .string("/r/1")])))
            var first = Self.delivery(herald, request)
            for _ in 0..<2 { first = await herald.runtime.processor.process(first, logger: herald.logger) }
            #expect(first.status == .sent)
            for index in 0..<3 {
                let other = Self.delivery(herald, DeliveryRequest(channel: .inApp, to: .init(subscriberId: "sub-1"),
                                                                  content: .init(content: "note \(index)")))
                _ = await herald.runtime.processor.process(other, logger: herald.logger)
            }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let feed = try await client.send(.get, "/v1/subscribers/sub-1/notifications/feed?limit=3", auth: auth)
                #expect(feed.status == .ok)
                #expect(feed.json.value(atPath: "totalCount") == .number(4), "the repeated delivery stored one message")
                #expect(feed.json.value(atPath: "hasMore") == .bool(true))
                #expect(feed.data.arrayValue?.count == 3)
                #expect(try await client.send(.get, "/v1/subscribers/sub-1/notifications/unseen", auth: auth).data
                    == .object(["count": .number(4)]))
                let ids = (feed.data.arrayValue ?? []).prefix(2).compactMap { $0.value(atPath: "_id") }
                let marked = try await client.send(.post, "/v1/subscribers/sub-1/messages/mark-as", auth: auth,
                                                   json: .object(["messageId": .array(Array(ids)), "markAs": .string("read")]))
                #expect(marked.status == .ok)
                #expect(marked.data.arrayValue?.allSatisfy { $0.value(atPath: "read") == .bool(true) && $0.value(atPath: "seen") == .bool(true) } == true)
                #expect(try await client.send(.get, "/v1/subscribers/sub-1/notifications/unseen", auth: auth).data
                    == .object(["count": .number(2)]))
                let unread = try await client.send(.get, "/v1/subscribers/sub-1/notifications/feed?read=false", auth: auth)
                #expect(unread.json.value(atPath: "totalCount") == .number(2))
                let other = try await client.send(.get, "/v1/subscribers/sub-1/notifications/feed", auth: "ApiKey \(herald.otherApiKey)")
                #expect(other.json.value(atPath: "totalCount") == .number(0), "inboxes are per environment")
                let bad = try await client.send(.post, "/v1/subscribers/sub-1/messages/mark-as", auth: auth,
                                                json: .object(["messageId": .number(1), "markAs": .string("archived")]))
                #expect(bad.status == .unprocessableContent)
            }
        }
    }

    @Test func checkRunsTheProvidersCheckAndSavesNothingOnFailure() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("token", .respond(status: 401, json: #"{"error":"bad key"}"#))
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                func create(_ provider: String, _ channel: String, _ credentials: [String: JSONValue]) async throws -> JSONTestResponse {
                    try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                        "providerId": .string(provider), "channel": .string(channel), "active": .bool(true),
                        "check": .bool(true), "credentials": .object(credentials),
                    ]))
                }
                let email: [String: JSONValue] = ["secretKey": .string("s"), "from": .string("a@b.c"), "senderName": .string("A")]
                let refused = try await create("email-webhook", "email", email.merging(["webhookUrl": .string("http://169.254.169.254/hook")]) { $1 })
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains("The email-webhook check failed"))
                let accepted = try await create("email-webhook", "email", email.merging(["webhookUrl": .string(fake.url("hook"))]) { $1 })
                #expect(accepted.status == .created)
                let sms = try await create("generic-sms", "sms", [
                    "baseUrl": .string(fake.url("sms")), "apiKeyRequestHeader": .string("X-Key"), "apiKey": .string("k"),
                    "idPath": .string("id"), "from": .string("H"), "authenticateByToken": .bool(true),
                    "domain": .string(fake.url("token")), "authenticationTokenKey": .string("token"),
                ])
                #expect(sms.status == .badRequest)
                #expect(sms.text.contains("HTTP 401"))
                // A check Herald cannot run is said, not passed silently. (Every provider that can be created now
                // has an adapter; Novu's demo providers cannot be created at all.)
                let demo = try await create("novu-slack", "chat", [:])
                #expect(demo.status == .badRequest)
                #expect(demo.text.contains("is not allowed"), "\(demo.text)")
                let noCheck = try await create("chat-webhook", "chat", ["secretKey": .string("s")])
                #expect(noCheck.status == .badRequest)
                #expect(noCheck.text.contains("offers no check"), "\(noCheck.text)")
                let listed = try await client.send(.get, "/v1/integrations", auth: auth)
                #expect(listed.data.arrayValue?.count == 1, "failed checks saved nothing")
            }
        }
        await fake.stop()
    }

    @Test func limiterCapsConcurrencyAndRate() {
        var integration = IntegrationSelectorTestsSupport.make("a")
        integration.configurations.maxConcurrency = 1
        let limiter = IntegrationLimiter()
        let t0 = Date(timeIntervalSince1970: 1_000)
        #expect(limiter.tryAcquire(integration, now: t0))
        #expect(!limiter.tryAcquire(integration, now: t0))
        limiter.release(integration)
        #expect(limiter.tryAcquire(integration, now: t0))
        var rated = IntegrationSelectorTestsSupport.make("b")
        rated.configurations.maxPerSecond = 2
        let acquired = (0..<5).filter { _ in
            let ok = limiter.tryAcquire(rated, now: t0)
            if ok { limiter.release(rated) }
            return ok
        }.count
        #expect(acquired == 2, "a burst of maxPerSecond")
        #expect(limiter.tryAcquire(rated, now: t0.addingTimeInterval(0.5)), "tokens refill at the rate")
    }

    @Test func aBusyIntegrationIsPassedOverForTheNextOne() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("slow", .delay(.seconds(2), then: .respond(status: 200, json: "{}")))
            fake.on("fast", .respond(status: 200, json: "{}"))
            let slow = try await Self.emailWebhook(herald, url: fake.url("slow"))
            _ = try await herald.runtime.integrations.update(
                id: slow.id, UpdateIntegrationInput(configurations: Configurations(maxConcurrency: 1)),
                principal: try await herald.apiKeyPrincipal())
            let fast = try await Self.emailWebhook(herald, url: fake.url("fast"))
            let (processor, client) = Self.processor(herald)
            async let first = processor.process(Self.delivery(herald), logger: herald.logger)
            _ = await fake.nextRequest(to: "slow")  // the first holds the slow integration's only slot
            let second = await processor.process(Self.delivery(herald), logger: herald.logger)
            let firstResult = await first
            try await client.shutdown()
            #expect(firstResult.attempts.map(\.integrationId) == [slow.id])
            #expect(second.attempts.map(\.integrationId) == [fast.id], "the capped integration was not waited for")
            #expect(second.status == .sent)
        }
        await fake.stop()
    }
}

extension DeliveryTests {
    @Test func enqueueSeesEveryCommittedIntegrationChange() async throws {
        try await TestHerald.with { herald in
            let integration = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat, active: true),
                principal: try await herald.apiKeyPrincipal())
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let body: JSONValue = .object([
                    "channel": .string("chat"), "to": .object(["webhookUrl": .string("http://127.0.0.1:9/hook")]),
                    "content": .object(["content": .string("x")]),
                ])
                #expect(try await client.send(.post, "/v1/deliveries", auth: auth, json: body).status == .accepted)
                _ = try await herald.runtime.integrations.update(
                    id: integration.id, UpdateIntegrationInput(active: false), principal: try await herald.apiKeyPrincipal())
                let refused = try await client.send(.post, "/v1/deliveries", auth: auth, json: body)
                #expect(refused.status == .unprocessableContent, "the cached candidates followed the deactivation")
            }
        }
    }
}

extension DeliveryTests {
    @Test func theWorkerSeesIntegrationChangesBetweenDeliveries() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("one", .respond(status: 200, json: "{}"))
            fake.on("two", .respond(status: 200, json: "{}"))
            let one = try await Self.emailWebhook(herald, url: fake.url("one"))
            let (processor, client) = Self.processor(herald)
            #expect(await processor.process(Self.delivery(herald), logger: herald.logger).attempts.last?.integrationId == one.id)
            let two = try await Self.emailWebhook(herald, url: fake.url("two"))
            _ = try await herald.runtime.integrations.update(
                id: one.id, UpdateIntegrationInput(active: false), principal: try await herald.apiKeyPrincipal())
            let after = await processor.process(Self.delivery(herald), logger: herald.logger)
            try await client.shutdown()
            #expect(after.attempts.map(\.integrationId) == [two.id], "the cached list followed the change")
        }
        await fake.stop()
    }
}

/// Integration values for limiter tests.
enum IntegrationSelectorTestsSupport {
    static func make(_ id: String) -> Integration {
        Integration(id: id, environmentId: "env", organizationId: "org", name: id, identifier: id, providerId: "email-webhook",
                    channel: .email, active: true, createdAt: Date(), updatedAt: Date())
    }
}

extension DeliveryTests {
    /// Deliveries enqueued while a worker runs are leased to it and handed over in memory; stopping the worker
    /// finishes what is in flight and releases the rest, so another instance can claim it at once.
    @Test func stoppingTheWorkerReleasesDeliveriesItHasNotStarted() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            // Long enough that the other three are surely enqueued while the first is in flight, even on a busy machine.
            fake.on("slow", .delay(.seconds(2), then: .respond(status: 200, json: "{}")))
            _ = try await Self.emailWebhook(herald, url: fake.url("slow"))
            let runtime = herald.runtime
            let worker = DeliveryWorker(
                store: runtime.deliveryStore, processor: runtime.processor, doorbell: runtime.doorbell,
                handoff: runtime.handoff, concurrency: 1, batchSize: 1, logger: herald.logger)
            let running = Task { try await worker.run() }
            let environment = try #require(try await runtime.tenancy.environment(id: herald.environmentId))
            var ids: [String] = []
            func enqueue() async throws {
                let (delivery, created) = try await runtime.deliveries.enqueue(
                    Self.email, environment: environment, idempotencyKey: nil, bodyHash: nil)
                #expect(created)
                ids.append(delivery.id)
            }
            try await enqueue()
            _ = await fake.nextRequest(to: "slow")  // the worker runs and the first delivery is in flight
            for _ in 0..<3 { try await enqueue() }
            let now = Date()
            #expect(try await runtime.deliveryStore.claim(
                owner: "other", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)).isEmpty,
                "deliveries enqueued here are leased to this worker")
            worker.stop()
            try await running.value
            #expect(fake.requests(to: "slow").count == 1, "only the delivery in flight was sent")
            #expect(try await runtime.deliveryStore.find(id: ids[0], environmentId: herald.environmentId)?.status == .sent)
            let later = Date()
            let released = try await runtime.deliveryStore.claim(
                owner: "other", limit: 10, now: later, leaseUntil: later.addingTimeInterval(60))
            #expect(Set(released.map(\.id)) == Set(ids.dropFirst()), "the unstarted ones were released")
        }
        await fake.stop()
    }
}

extension DeliveryTests {
    /// Host names are resolved once per TTL, not per request; failures are kept for a few seconds (a stream of
    /// deliveries to an unresolvable name costs one lookup); literals skip the resolver.
    @Test func hostResolutionsAreCachedBriefly() async throws {
        let calls = Mutex<[String]>([])
        let clock = Mutex(ContinuousClock.now)
        let cache = HostResolutionCache(ttl: .seconds(30), failureTTL: .seconds(5), maxEntries: 8, resolve: { host in
            calls.withLock { $0.append(host) }
            if host == "nowhere.invalid" { throw ProviderFailure.retryable("the host cannot be resolved") }
            return host == "metadata.internal" ? ["169.254.169.254"] : ["93.184.215.14"]
        }, now: { clock.withLock { $0 } })
        let guardWithCache = AddressGuard(resolution: cache)
        try await guardWithCache.check("https://api.example.com/v3/mail/send")
        try await guardWithCache.check("https://api.example.com/other")
        #expect(calls.withLock { $0 } == ["api.example.com"], "the second request used the cached addresses")
        await #expect(throws: ProviderFailure.self) { try await guardWithCache.check("http://metadata.internal/latest") }
        await #expect(throws: ProviderFailure.self) { try await guardWithCache.check("http://metadata.internal/latest") }
        for _ in 0..<20 {
            await #expect(throws: ProviderFailure.self) { try await guardWithCache.check("http://nowhere.invalid/x") }
        }
        try await guardWithCache.check("http://127.0.0.1:9/x")
        #expect(calls.withLock { $0 } == ["api.example.com", "metadata.internal", "nowhere.invalid"],
                "refused addresses stay refused from the cache; a failure is kept briefly")
        clock.withLock { $0 += .seconds(6) }
        await #expect(throws: ProviderFailure.self) { try await guardWithCache.check("http://nowhere.invalid/x") }
        clock.withLock { $0 += .seconds(25) }
        try await guardWithCache.check("https://api.example.com/v3/mail/send")
        #expect(calls.withLock { $0 } == [
            "api.example.com", "metadata.internal", "nowhere.invalid", "nowhere.invalid", "api.example.com",
        ], "failures and entries expire")
    }
}
