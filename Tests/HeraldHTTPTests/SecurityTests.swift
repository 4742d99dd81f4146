import AsyncHTTPClient
import Foundation
import HeraldCore
import HeraldHTTP
import HeraldProviders
import HeraldStore
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Regression tests for the adversarial probe's defects (security issue): each failed on the code before the fix.
@Suite(.timeLimit(.minutes(2))) struct SecurityTests {
    static func webhook(_ herald: TestHerald, url: String, secret: String = "whsec-security") async throws -> Integration {
        try await herald.runtime.integrations.create(CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: "email-webhook", channel: .email,
            credentials: Credentials(["webhookUrl": .string(url), "secretKey": .string(secret),
                                      "from": .string("noreply@example.com"), "senderName": .string("Herald")]), active: true),
            principal: try await herald.apiKeyPrincipal())
    }

    static func process(_ herald: TestHerald, guard outbound: AddressGuard, request: DeliveryRequest = DeliveryTests.email) async throws -> Delivery {
        let client = HTTPSender.makeClient()
        let sender = HTTPSender(client: client, outbound: outbound)
        let processor = DeliveryProcessor(
            integrations: herald.runtime.integrationStore,
            providers: [WebhookProvider(sender: sender), GenericSMSProvider(sender: sender)],
            breakers: CircuitBreakers(), random: { 0.5 })
        let result = await processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
        try await client.shutdown()
        return result
    }

    // MARK: Defects 1 and 8: the outbound guard

    /// Every spelling of loopback reached a loopback listener under --deny-private-network; now none does.
    @Test func loopbackSpellingsNeverReachTheListenerWhenPrivateIsDenied() async throws {
        let fake = try await FakeProviderServer.start()
        let port = try #require(URLComponents(string: fake.url("x"))?.port)
        try await TestHerald.with { herald in
            fake.on("hook", .respond(status: 200, json: "{}"))
            _ = try await Self.webhook(herald, url: "http://[::ffff:7f00:1]:\(port)/hook")
            _ = try await Self.webhook(herald, url: "http://[0:0:0:0:0:ffff:127.0.0.1]:\(port)/hook", secret: "whsec-two")
            let result = try await Self.process(herald, guard: AddressGuard(denyPrivateNetwork: true))
            #expect(result.status == .failed)
            #expect(result.attempts.map(\.outcome) == [.permanent, .permanent])
            #expect(result.attempts.allSatisfy { $0.error?.contains("loopback") == true })
            #expect(fake.requests.isEmpty, "the listener received nothing")
            // The same integrations do reach it under the default policy (the test can tell the difference).
            let allowed = try await Self.process(herald, guard: AddressGuard())
            #expect(allowed.status == .sent)
            #expect(fake.requests(to: "hook").count == 1)
        }
        await fake.stop()
    }

    @Test func guardTableOverURLsAndHostPorts() async throws {
        let open = AddressGuard()
        let closed = AddressGuard(denyPrivateNetwork: true)
        // The full table of spellings is classified in HeraldCoreTests; here, representatives through URLs and
        // host:port: (literal, refused by default, refused with --deny-private-network).
        let spellings: [(String, Bool, Bool)] = [
            ("::ffff:7f00:1", false, true), ("0:0:0:0:0:0:0:1", false, true), ("::0", false, true),
            ("127.0.0.1", false, true), ("10.1.2.3", false, true), ("198.18.0.1", false, true), ("fec0::1", false, true),
            ("::ffff:a9fe:a9fe", true, true), ("fd00:0ec2::254", true, true), ("169.254.169.254", true, true),
            ("64:ff9b::a9fe:a9fe", true, true), ("2002:a9fe:a9fe::1", true, true), ("224.0.0.1", true, true),
            ("255.255.255.255", true, true), ("8.8.8.8", false, false), ("2606:4700:4700::1111", false, false),
        ]
        for (literal, refusedByDefault, refusedWhenDenied) in spellings {
            let url = literal.contains(":") ? "http://[\(literal)]:8080/x" : "http://\(literal):8080/x"
            #expect(await refused(open, url) == refusedByDefault, "\(url)")
            #expect(await refused(closed, url) == refusedWhenDenied, "\(url) with --deny-private-network")
            let host = literal
            #expect(await refusedHost(open, host) == refusedByDefault, "\(host):25")
            #expect(await refusedHost(closed, host) == refusedWhenDenied, "\(host):25 with --deny-private-network")
        }
        #expect(await refusedHost(open, "smtp.example.com", port: 0))
        #expect(await refusedHost(open, "smtp.example.com", port: 70_000))
    }

    private func refused(_ outbound: AddressGuard, _ url: String) async -> Bool {
        do { try await outbound.check(url); return false } catch { return true }
    }

    private func refusedHost(_ outbound: AddressGuard, _ host: String, port: Int = 25) async -> Bool {
        do { try await outbound.check(host: host, port: port); return false } catch { return true }
    }

    /// `check: true` integrations with metadata spellings were created; now the check refuses them.
    @Test func checkRefusesMetadataSpellings() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                for host in ["[::ffff:a9fe:a9fe]", "[0:0:0:0:0:ffff:a9fe:a9fe]", "[::0:ffff:169.254.169.254]",
                             "[fd00:ec2:0::254]", "[fd00:0ec2::254]"] {
                    let answer = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                        "providerId": .string("email-webhook"), "channel": .string("email"), "check": .bool(true),
                        "credentials": .object(["webhookUrl": .string("http://\(host)/latest/meta-data")]),
                    ]))
                    #expect(answer.status == .badRequest, "\(host): \(answer.text)")
                    #expect(answer.text.contains("cloud-metadata"), "\(answer.text)")
                }
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data.arrayValue?.isEmpty == true)
            }
        }
    }

    // MARK: Defect 2: numbers that became integers by trapping

    @Test func aHugePortIsA422NotACrash() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                for port in [#"1e19"#, #"-1e19"#, #"0"#, #"65536"#, #"25.5"#, #""abc""#, #""99999""#, #""1e19""#] {
                    let body = #"{"providerId":"nodemailer","channel":"email","credentials":{"port":\#(port)}}"#
                    let answer = try await client.send(.post, "/v1/integrations", auth: auth, rawBody: body)
                    #expect(answer.status == .unprocessableContent, "\(port): \(answer.text)")
                    #expect(answer.text.contains("credentials.port"), "\(answer.text)")
                }
                let created = try await client.send(.post, "/v1/integrations", auth: auth, rawBody:
                    #"{"providerId":"nodemailer","channel":"email","credentials":{"port":587,"host":"smtp.example.com"}}"#)
                #expect(created.status == .created)
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                let update = try await client.send(.put, "/v1/integrations/\(id)", auth: auth, rawBody: #"{"credentials":{"port":1e19}}"#)
                #expect(update.status == .unprocessableContent)
                let admin = try await client.send(.get, "/v1/integrations", auth: "Bearer \(herald.keys.adminToken)")
                #expect(admin.data.arrayValue?.first?.value(atPath: "credentials.port") == .string("587"), "nothing was written")
                #expect(try await client.send(.get, "/health").status == .ok, "the server lives")
            }
        }
    }

    /// PostgreSQL text cannot hold NUL: a name or identifier with one failed the write there (a 500). It is a 422
    /// naming the field on every database, and nothing is written.
    @Test func nulInIntegrationStringsIsA422() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                for field in ["name", "identifier"] {
                    let body = #"{"providerId":"sendgrid","channel":"email","check":false,"\#(field)":"a\u0000b","credentials":{"apiKey":"k","from":"a@acme.test"}}"#
                    let answer = try await client.send(.post, "/v1/integrations", auth: auth, rawBody: body)
                    #expect(answer.status == .unprocessableContent, "\(field): \(answer.text)")
                    #expect(answer.text.contains("\(field) must not contain NUL characters"), "\(answer.text)")
                }
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data.arrayValue?.isEmpty == true,
                        "nothing was written")
                let created = try await client.send(.post, "/v1/integrations", auth: auth, rawBody:
                    #"{"providerId":"sendgrid","channel":"email","check":false,"credentials":{"apiKey":"k","from":"a@acme.test"}}"#)
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                let update = try await client.send(.put, "/v1/integrations/\(id)", auth: auth, rawBody: #"{"name":"x\u0000"}"#)
                #expect(update.status == .unprocessableContent, "\(update.text)")
                // A delivery: an in-app message or a subscriber lookup holding NUL would fail in the worker.
                let delivery = try await client.send(.post, "/v1/deliveries", auth: auth, rawBody:
                    #"{"channel":"email","to":{"email":"a@acme.test","subscriberId":"s\u0000"},"content":{"subject":"s","text":"t"},"payload":{"k\u0000":1}}"#)
                #expect(delivery.status == .unprocessableContent, "\(delivery.text)")
                #expect(delivery.text.contains("to.subscriberId must not contain NUL characters")
                        && delivery.text.contains("payload must not contain NUL characters"), "\(delivery.text)")
                #expect(try await client.send(.get, "/v1/deliveries", auth: auth).data.arrayValue?.isEmpty == true)
            }
        }
    }

    // MARK: Defects 5 and 6: redaction

    /// `PUT {"check":true}` showed the stored apiKey to an ApiKey caller when the provider echoed it.
    @Test func checkFailuresAreRedacted() async throws {
        let fake = try await FakeProviderServer.start()
        let apiKey = "gsms-stored-secret-0123456789"
        try await TestHerald.with { herald in
            let filler = String(repeating: "x", count: 180)
            fake.on("token", .respond(status: 401, json: #"{"error":"\#(filler) bad key \#(apiKey)"}"#))
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("generic-sms"), "channel": .string("sms"),
                    "credentials": .object([
                        "baseUrl": .string(fake.url("sms")), "apiKey": .string(apiKey), "apiKeyRequestHeader": .string("X-Key"),
                        "authenticateByToken": .bool(true), "domain": .string(fake.url("token")),
                        "authenticationTokenKey": .string("token"),
                    ]),
                ]))
                #expect(created.status == .created)
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                let checked = try await client.send(.put, "/v1/integrations/\(id)", auth: auth,
                                                    json: .object(["check": .bool(true), "name": .string("x")]))
                #expect(checked.status == .badRequest)
                #expect(checked.text.contains("HTTP 401"), "\(checked.text)")
                #expect(!checked.text.contains("gsms-stored"), "no part of the stored key: \(checked.text)")
                #expect(fake.requests(to: "token").count == 1)
            }
        }
        await fake.stop()
    }

    /// A key at offset 180 kept its first half (cut before redaction); JSON-escaped echoes were missed; a fetched
    /// token was not redacted; a secret webhook URL's host appeared in guard messages.
    @Test func attemptErrorsRedactEveryFormAndDerivedSecret() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            let secret = "whsec/with/slashes-0123456789"
            let filler = String(repeating: "y", count: 180)
            fake.on("late", .respond(status: 500, json: #"{"e":"\#(filler)\#(secret)"}"#))
            fake.on("escaped", .respond(status: 500, json: #"{"echo":"whsec\/with\/slashes-0123456789"}"#))
            _ = try await Self.webhook(herald, url: fake.url("late"), secret: secret)
            let result = try await Self.process(herald, guard: AddressGuard())
            let late = try #require(result.attempts.first?.error)
            #expect(!late.contains("whsec"), "\(late)")
            let records = result.attempts.compactMap(\.error)
            #expect(records.allSatisfy { $0.count <= Redactor.maxRecordedLength + 1 })

            try await herald.runtime.integrations.delete(id: try #require(result.attempts.first?.integrationId),
                                                         principal: try await herald.apiKeyPrincipal())
            _ = try await Self.webhook(herald, url: fake.url("escaped"), secret: secret)
            let escaped = try await Self.process(herald, guard: AddressGuard())
            let echo = try #require(escaped.attempts.first?.error)
            #expect(echo.contains("[redacted]") && !echo.contains("slashes"), "\(echo)")
        }
        await fake.stop()
    }

    @Test func aFetchedTokenIsRedacted() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("token", .respond(status: 200, json: #"{"data":{"token":"tok-derived-secret-999"}}"#))
            fake.on("sms", .respond(status: 400, json: #"{"error":"token tok-derived-secret-999 is not allowed"}"#))
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "generic-sms", channel: .sms,
                credentials: Credentials([
                    "baseUrl": .string(fake.url("sms")), "apiKey": .string("gsms-key-1"), "apiKeyRequestHeader": .string("X-Key"),
                    "authenticateByToken": .bool(true), "domain": .string(fake.url("token")),
                    "authenticationTokenKey": .string("token"), "from": .string("Herald"), "idPath": .string("id"),
                ]), active: true), principal: try await herald.apiKeyPrincipal())
            let sms = DeliveryRequest(channel: .sms, to: .init(phone: "+15550001"), content: .init(content: "hi"))
            let result = try await Self.process(herald, guard: AddressGuard(), request: sms)
            let error = try #require(result.attempts.first?.error)
            #expect(error.contains("HTTP 400") && error.contains("[redacted]"), "\(error)")
            #expect(!error.contains("tok-derived"), "\(error)")
            #expect(fake.requests(to: "sms").first?.header("token") == "tok-derived-secret-999")
        }
        await fake.stop()
    }

    @Test func guardMessagesNeverNameTheSecretHost() async throws {
        try await TestHerald.with { herald in
            _ = try await Self.webhook(herald, url: "http://hooks-secret-tenant-42.internal/T000/B000/XXXX")
            let resolution = HostResolutionCache(ttl: .seconds(30), maxEntries: 8, resolve: { host in
                host.contains("secret") ? ["10.0.0.7"] : []
            })
            let result = try await Self.process(herald, guard: AddressGuard(denyPrivateNetwork: true, resolution: resolution))
            let error = try #require(result.attempts.first?.error)
            #expect(error.contains("private"), "\(error)")
            #expect(!error.contains("secret-tenant") && !error.contains("internal") && !error.contains("T000"), "\(error)")
        }
    }

    // MARK: Defect 9: headers from credentials

    @Test func headerCredentialsAreValidatedOnSave() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let cases: [([String: JSONValue], String)] = [
                    (["apiKeyRequestHeader": .string("Host")], "credentials.apiKeyRequestHeader may not name the Host"),
                    (["apiKeyRequestHeader": .string("content-length")], "credentials.apiKeyRequestHeader may not name"),
                    (["apiKeyRequestHeader": .string("X-Key\r\nX-Evil: 1")], "credentials.apiKeyRequestHeader must be an HTTP header name"),
                    (["secretKeyRequestHeader": .string("Transfer-Encoding")], "credentials.secretKeyRequestHeader may not name"),
                    (["authenticationTokenKey": .string("Connection")], "credentials.authenticationTokenKey may not name"),
                    (["apiKey": .string("abc\r\nX-Evil: 1")], "credentials.apiKey must not contain line breaks"),
                ]
                for (extra, expected) in cases {
                    var credentials: [String: JSONValue] = [
                        "baseUrl": .string("http://127.0.0.1:9/sms"), "apiKey": .string("k-1"), "apiKeyRequestHeader": .string("X-Key"),
                    ]
                    credentials.merge(extra) { _, new in new }
                    let answer = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                        "providerId": .string("generic-sms"), "channel": .string("sms"), "credentials": .object(credentials),
                    ]))
                    #expect(answer.status == .unprocessableContent, "\(extra): \(answer.text)")
                    #expect(answer.text.contains(expected), "\(answer.text)")
                }
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data.arrayValue?.isEmpty == true)
            }
        }
    }

    /// A malformed request (stored before validation existed) fails permanently, never as retryable.
    @Test func malformedRequestsArePermanent() async throws {
        let fake = try await FakeProviderServer.start()
        fake.on("x", .respond(status: 200, json: "{}"))
        let client = HTTPSender.makeClient()
        let sender = HTTPSender(client: client, outbound: AddressGuard())
        for headers in [[("Host", "evil.example")], [("X-Key", "a\r\nX-Evil: 1")], [("Bad Header", "v")], [("Transfer-Encoding", "chunked")]] {
            do {
                _ = try await sender.post(fake.url("x"), headers: headers, body: [])
                Issue.record("\(headers) was sent")
            } catch let failure as ProviderFailure {
                #expect(!failure.retryable, "\(headers): \(failure.message)")
            }
        }
        #expect(fake.requests.isEmpty)
        try await client.shutdown()
        await fake.stop()
    }

    // MARK: Defect 10: DNS lookups on a bounded pool

    @Test func lookupsRunOnABoundedPoolAndFailFastWhenFull() async throws {
        let gate = DispatchSemaphore(value: 0)
        let running = Locked((now: 0, most: 0, threads: Set<UInt64>()))
        let (started, startedContinuation) = AsyncStream.makeStream(of: String.self)
        let resolver = SystemResolver(threads: 2, queueLimit: 3, timeout: .seconds(60)) { host in
            running.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
                state.threads.insert(UInt64(pthread_self()))
            }
            startedContinuation.yield(host)
            gate.wait()
            running.withLock { $0.now -= 1 }
            return host.hasPrefix("bad") ? nil : ["93.184.215.14"]
        }
        let results = Locked<[String: String]>([:])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<2 {
                group.addTask {
                    let value = (try? await resolver.addresses(for: "host\(index).example")).map { $0.joined() } ?? "failed"
                    results.withLock { $0["host\(index)"] = value }
                }
            }
            var iterator = started.makeAsyncIterator()
            _ = await iterator.next()
            _ = await iterator.next()
            // Both threads are busy: three more lookups queue, five more fail at once.
            for index in 2..<10 {
                group.addTask {
                    do {
                        let value = try await resolver.addresses(for: index == 2 ? "bad\(index).example" : "host\(index).example")
                        results.withLock { $0["host\(index)"] = value.joined() }
                    } catch let failure as ProviderFailure {
                        results.withLock { $0["host\(index)"] = failure.message }
                    }
                }
            }
            while results.withLock({ $0.values.filter { $0.contains("busy") }.count }) < 5 { await Task.yield() }
            for _ in 0..<5 { gate.signal() }
            try await group.waitForAll()
        }
        let final = results.withLock { $0 }
        #expect(final.values.filter { $0.contains("busy") }.count == 5)
        #expect(final.values.filter { $0 == "93.184.215.14" }.count == 4)
        #expect(final["host2"] == "the host cannot be resolved")
        #expect(running.withLock { $0.most } == 2, "never more lookups at once than threads")
        #expect(running.withLock { $0.threads.count } <= 2, "no thread per lookup")
    }

    @Test func aSlowLookupTimesOut() async throws {
        let gate = DispatchSemaphore(value: 0)
        let resolver = SystemResolver(threads: 1, queueLimit: 2, timeout: .milliseconds(100)) { _ in
            gate.wait()
            return ["93.184.215.14"]
        }
        await #expect(throws: ProviderFailure(.timeout, "the host name lookup timed out")) {
            try await resolver.addresses(for: "slow.example")
        }
        gate.signal()
    }

    // MARK: Also: file modes, metrics

    @Test func databaseFilesAreOwnerOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-modes-\(UUID().uuidString)")
        let path = directory.appendingPathComponent("herald.sqlite").path
        let driver = try await SQLiteDriver.open(path: path, logger: Logger(label: "test"))
        try await Migrator(driver: driver).migrate(logger: Logger(label: "test"))
        for file in [path, path + "-wal", path + "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            #expect(mode & 0o777 == 0o600, "\(file) has mode \(String(mode, radix: 8))")
        }
        await driver.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func metricsCanRequireAToken() async throws {
        try await TestHerald.with { herald in
            var dependencies = herald.runtime.httpDependencies
            #expect(dependencies.metricsToken == nil)
            let open = Application(router: buildRouter(dependencies))
            try await open.test(.router) { client in
                let answer = try await client.send(.get, "/metrics")
                #expect(answer.status == .ok)
            }
            dependencies.metricsToken = "metrics-token-1"
            let closed = Application(router: buildRouter(dependencies))
            try await closed.test(.router) { client in
                #expect(try await client.send(.get, "/metrics").status == .unauthorized)
                #expect(try await client.send(.get, "/metrics", auth: "Bearer wrong").status == .unauthorized)
                let answer = try await client.send(.get, "/metrics", auth: "Bearer metrics-token-1")
                #expect(answer.status == .ok)
                #expect(answer.text.contains("herald_"))
            }
        }
    }
}

/// A value behind a lock that closures can share.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
