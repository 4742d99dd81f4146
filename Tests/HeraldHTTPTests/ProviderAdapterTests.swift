import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Testing

/// The registry, and the first real adapters (SendGrid, Twilio) against loopback fakes that assert the documented
/// request and answer the documented bodies.
@Suite(.timeLimit(.minutes(2))) struct ProviderAdapterTests {
    @Test func theRegistryMatchesTheCatalogue() throws {
        let client = ProviderHTTPClient.makeClient()
        defer { try? client.syncShutdown() }
        let adapters = ProviderRegistry.adapters(
            http: ProviderHTTPClient(client: client, outbound: AddressGuard()), inbox: NoInbox())
        let ids = adapters.flatMap(\.providerIds)
        #expect(Set(ids).count == ids.count, "each provider id has one adapter")
        for adapter in adapters {
            for id in adapter.providerIds {
                let descriptor = try #require(ProviderCatalogue.provider(id: id), "\(id) is in the catalogue")
                // `baseUrl` is the toolkit's override of the documented API root, accepted for every adapter.
                let known = Set(descriptor.credentials.map(\.key)).union(["baseUrl"])
                #expect(adapter.credentialKeys(for: id).isSubset(of: known), "\(id) reads \(adapter.credentialKeys(for: id).subtracting(known))")
            }
        }
        let without = Set(ProviderCatalogue.all.map(\.id)).subtracting(ids)
        #expect(without == ProviderRegistry.pending, "the catalogue ids without an adapter are exactly the pending list")
        #expect(ProviderRegistry.pending.isDisjoint(with: ids))
    }

    static func create(_ herald: TestHerald, _ provider: String, _ channel: Channel, _ credentials: [String: JSONValue]) async throws -> Integration {
        try await herald.runtime.integrations.create(CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: provider, channel: channel,
            credentials: Credentials(credentials), active: true), principal: try await herald.apiKeyPrincipal())
    }

    @Test func sendGridSendsTheDocumentedRequestAndRecordsXMessageId() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "sg-msg-1"]))
            _ = try await Self.create(herald, "sendgrid", .email, [
                "apiKey": .string("SG.secret-key-1"), "from": .string("no-reply@acme.test"), "senderName": .string("Acme"),
                "ipPoolName": .string("pool-a"), "baseUrl": .string(fake.url("")),
            ])
            var request = DeliveryRequest(
                channel: .email, to: .init(email: "ann@example.test"),
                content: .init(subject: "Welcome", html: "<p>Hi</p>", text: "Hi"), transactionId: "tx-1")
            request.to.emails = ["ann@example.test", "bob@example.test"]
            request.to.cc = ["cc@example.test"]
            request.content.replyTo = "help@acme.test"
            request.content.tags = ["welcome"]
            request.content.headers = ["X-Campaign": "spring"]
            request.content.attachments = [.init(filename: "a.txt", contentType: "text/plain", content: "aGVsbG8=")]
            let delivery = DeliveryTests.delivery(herald, request)
            let result = await herald.runtime.processor.process(delivery, logger: herald.logger)
            #expect(result.status == .sent)
            #expect(result.attempts.first?.messageId == "sg-msg-1")
            let sent = try #require(fake.requests(to: "v3/mail/send").first)
            #expect(sent.method == "POST")
            #expect(sent.header("Authorization") == "Bearer SG.secret-key-1")
            #expect(sent.header("Content-Type") == "application/json")
            let body = sent.json
            #expect(body.value(atPath: "from") == .object(["email": .string("no-reply@acme.test"), "name": .string("Acme")]))
            #expect(body.value(atPath: "subject") == .string("Welcome"))
            let personalization = try #require(body.value(atPath: "personalizations")?.arrayValue?.first)
            #expect(personalization.value(atPath: "to") == .array([
                .object(["email": .string("ann@example.test")]), .object(["email": .string("bob@example.test")]),
            ]))
            #expect(personalization.value(atPath: "cc") == .array([.object(["email": .string("cc@example.test")])]))
            #expect(personalization.value(atPath: "bcc") == nil)
            #expect(body.value(atPath: "content") == .array([
                .object(["type": .string("text/plain"), "value": .string("Hi")]),
                .object(["type": .string("text/html"), "value": .string("<p>Hi</p>")]),
            ]))
            #expect(body.value(atPath: "reply_to") == .object(["email": .string("help@acme.test")]))
            #expect(body.value(atPath: "categories") == .array([.string("welcome")]))
            #expect(body.value(atPath: "headers") == .object(["X-Campaign": .string("spring")]))
            #expect(body.value(atPath: "ip_pool_name") == .string("pool-a"))
            #expect(body.value(atPath: "custom_args") == .object(["id": .string(delivery.id), "transactionId": .string("tx-1")]))
            #expect(body.value(atPath: "attachments") == .array([.object([
                "content": .string("aGVsbG8="), "filename": .string("a.txt"), "type": .string("text/plain"),
                "disposition": .string("attachment"),
            ])]))
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func sendGridErrorsAreClassifiedAndTheCheckReadsScopes() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            let errors = #"{"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from","help":null}]}"#
            fake.on("v3/mail/send", .respond(status: 403, json: errors))
            fake.on(.get, "v3/scopes", .respond(status: 200, json: #"{"scopes":["mail.send","alerts.read"]}"#),
                    .respond(status: 401, json: #"{"errors":[{"field":null,"message":"authorization required"}]}"#))
            let integration = try await Self.create(herald, "sendgrid", .email, [
                "apiKey": .string("SG.k"), "from": .string("a@acme.test"), "senderName": .string("A"),
                "baseUrl": .string(fake.url("")),
            ])
            let result = await herald.runtime.processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
            let attempt = try #require(result.attempts.first)
            #expect(attempt.outcome == .permanent && attempt.httpStatus == 403 && attempt.providerCode == "from")
            #expect(attempt.reason == "bad_credentials")
            #expect(attempt.error?.contains("verified Sender Identity") == true)
            try await herald.runtime.processor.check(integration)
            await #expect(throws: ProviderFailure.self) { try await herald.runtime.processor.check(integration) }
            #expect(fake.requests(to: "v3/scopes").allSatisfy { $0.method == "GET" && $0.header("Authorization") == "Bearer SG.k" })
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func twilioSendsTheDocumentedFormAndRecordsTheSid() async throws {
        let fake = try await FakeProviderServer.start()
        let sid = "AC0123456789abcdef0123456789abcdef"
        try await TestHerald.with { herald in
            fake.on("2010-04-01/Accounts/\(sid)/Messages.json",
                    .respond(status: 201, json: #"{"sid":"SM1234","status":"queued","to":"+15558675310"}"#))
            _ = try await Self.create(herald, "twilio", .sms, [
                "accountSid": .string(sid), "token": .string("twilio-token-1"), "from": .string("+15557122661"),
                "baseUrl": .string(fake.url("")),
            ])
            var request = DeliveryRequest(channel: .sms, to: .init(phone: "+15558675310"), content: .init(content: "Hello & bye"))
            request.overrides = ["twilio": .object(["statusCallback": .string("https://hooks.acme.test/twilio")])]
            let result = await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
            #expect(result.status == .sent)
            #expect(result.attempts.first?.messageId == "SM1234")
            let sent = try #require(fake.requests(to: "2010-04-01/Accounts/\(sid)/Messages.json").first)
            #expect(sent.header("Authorization") == "Basic " + Data("\(sid):twilio-token-1".utf8).base64EncodedString())
            #expect(sent.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(String(decoding: sent.body, as: UTF8.self)
                == "To=%2B15558675310&From=%2B15557122661&Body=Hello+%26+bye&StatusCallback=https%3A%2F%2Fhooks.acme.test%2Ftwilio")
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func twilioErrorCodesAreClassified() async throws {
        let fake = try await FakeProviderServer.start()
        let sid = "AC0123456789abcdef0123456789abcdef"
        try await TestHerald.with { herald in
            let path = "2010-04-01/Accounts/\(sid)/Messages.json"
            fake.on(path,
                    .respond(status: 400, json: #"{"code":21211,"message":"The 'To' number +1555 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"#),
                    .respond(status: 429, json: #"{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}"#))
            fake.on(.get, "2010-04-01/Accounts/\(sid).json", .respond(status: 200, json: #"{"sid":"\#(sid)","status":"active"}"#),
                    .respond(status: 401, json: #"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#))
            let integration = try await Self.create(herald, "twilio", .sms, [
                "accountSid": .string(sid), "token": .string("t"), "from": .string("MG0123456789abcdef0123456789abcdef"),
                "baseUrl": .string(fake.url("")),
            ])
            let sms = DeliveryRequest(channel: .sms, to: .init(phone: "+1555"), content: .init(content: "x"))
            let first = await herald.runtime.processor.process(DeliveryTests.delivery(herald, sms), logger: herald.logger)
            #expect(first.attempts.first?.reason == "invalid_recipient" && first.attempts.first?.providerCode == "21211")
            #expect(first.status == .failed, "an invalid number is permanent")
            let body = String(decoding: try #require(fake.requests(to: path).first).body, as: UTF8.self)
            #expect(body.contains("MessagingServiceSid=MG0123456789abcdef0123456789abcdef") && !body.contains("From="))
            let second = await herald.runtime.processor.process(DeliveryTests.delivery(herald, sms), logger: herald.logger)
            #expect(second.attempts.first?.reason == "rate_limited" && second.status == .retrying)
            try await herald.runtime.processor.check(integration)
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("a refused account passed the check")
            } catch let failure as ProviderFailure {
                #expect(failure.reason == .badCredentials && failure.providerCode == "20003")
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}

/// An inbox that is never written (registry checks only).
struct NoInbox: InboxStore {
    func insert(_ message: InboxMessage) async throws -> String { "" }
    func feed(environmentId: String, subscriberId: String, read: Bool?, seen: Bool?, limit: Int, offset: Int) async throws -> ([InboxMessage], Int) { ([], 0) }
    func unseenCount(environmentId: String, subscriberId: String) async throws -> Int { 0 }
    func mark(environmentId: String, subscriberId: String, ids: [String], read: Bool?, seen: Bool?) async throws -> [InboxMessage] { [] }
}
