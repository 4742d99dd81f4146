import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import Testing

/// Infobip Email, Braze and Netcore against loopback fakes: the documented request with the documented success answer
/// and its id, documented error bodies classified, and each check.
@Suite(.timeLimit(.minutes(2))) struct EmailAPIAdapterMoreTests {
    /// Catalogue-required credentials of each provider, with the fake as the API root.
    static func credentials(_ provider: String, _ fake: FakeProviderServer) -> [String: JSONValue] {
        var credentials = EmailAPIAdapterTests.credentials(provider, fake)
        if provider == "braze" {
            credentials["apiURL"] = .string("https://rest.iad-01.braze.com")
            credentials["appID"] = .string("app-identifier-1")
        }
        return credentials
    }

    /// Sends `request` through `provider` with the scripted fake, then runs `after`.
    static func send(
        _ provider: String, _ request: DeliveryRequest, script: (FakeProviderServer) -> Void,
        _ assertions: (Delivery, FakeProviderServer) throws -> Void
    ) async throws {
        let fake = try await FakeProviderServer.start()
        script(fake)
        let delivery = try await TestHerald.with { herald in
            _ = try await ProviderAdapterTests.create(herald, provider, .email, credentials(provider, fake))
            return await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
        }
        try assertions(delivery, fake)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    static func json(_ text: String) -> JSONValue { EmailAPIAdapterTests.json(text) }

    // MARK: - Documented requests

    @Test func infobipSendsTheMultipartFormAndListsRejectedRecipients() async throws {
        let answer = #"""
            {"bulkId":"snxemd8u52v7v84iiu69","messages":[
              {"to":"ann@example.test","messageId":"fr7jg7bjqw8ic4kj8ls6","status":{"groupId":1,"groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED","description":"Message accepted, pending for delivery."}},
              {"to":"bob@example.test","messageId":"ke3vl6t2kfp8bx8rt7rn","status":{"groupId":5,"groupName":"REJECTED","id":52,"name":"REJECTED_DESTINATION","description":"Message rejected: invalid destination."}}]}
            """#
        let request = EmailAPIAdapterTests.full(overrides: ["infobip-email": .object(["track": .bool(false), "notifyUrl": .string("https://hooks.acme.test/ib")])])
        try await Self.send("infobip-email", request, script: { $0.on("email/3/send", .respond(status: 200, json: answer)) }) { delivery, fake in
            #expect(delivery.status == .sent, "\(delivery.attempts.first?.error ?? "")")
            let attempt = try #require(delivery.attempts.first)
            #expect(attempt.messageId == "fr7jg7bjqw8ic4kj8ls6")
            #expect(attempt.failedRecipients?.map(\.address) == ["bob@example.test"])
            #expect(attempt.failedRecipients?.first?.reason == "invalid_recipient")
            let sent = try #require(fake.requests(to: "email/3/send").first)
            #expect(sent.method == "POST" && sent.header("Authorization") == "App key-infobip-email-1")
            let type = try #require(sent.header("Content-Type"))
            #expect(type.hasPrefix("multipart/form-data; boundary="))
            let parts = EmailAPIAdapterTests.multipart(sent.body, boundary: String(type.dropFirst("multipart/form-data; boundary=".count)))
            #expect(parts.filter { $0.filename == nil }.map { "\($0.name)=\($0.value)" } == [
                "from=Acme <no-reply@acme.test>", "to=ann@example.test", "to=bob@example.test", "cc=cc@example.test",
                "bcc=bcc@example.test", "subject=Welcome", "text=Hi", "html=<p>Hi</p>", "replyTo=help@acme.test",
                #"headers={"X-Campaign":"spring"}"#, "callbackData=\(delivery.id)", "notifyUrl=https://hooks.acme.test/ib",
                "track=false",
            ])
            #expect(parts.filter { $0.filename != nil }.map { "\($0.name):\($0.filename ?? "")" } == ["attachment:a.txt", "inlineImage:logo"])
        }
    }

    @Test func brazeLooksUpEachRecipientThenSends() async throws {
        var request = EmailAPIAdapterTests.full(overrides: ["braze": .object(["recipient_subscription_state": .string("all")])])
        request.content.attachments = []
        let ann = #"{"users":[{"external_id":"user-ann"}],"message":"success"}"#
        let nobody = #"{"users":[],"invalid_user_ids":["bob@example.test"],"message":"success"}"#
        try await Self.send("braze", request, script: { fake in
            fake.on("users/export/ids", .respond(status: 201, json: ann), .respond(status: 201, json: nobody))
            fake.on("messages/send", .respond(status: 201, json: #"{"dispatch_id":"66dd2d3bc5e24e4a1e4cfee0","message":"success"}"#))
        }) { delivery, fake in
            #expect(delivery.status == .sent, "\(delivery.attempts.first?.error ?? "")")
            let attempt = try #require(delivery.attempts.first)
            #expect(attempt.messageId == "66dd2d3bc5e24e4a1e4cfee0")
            #expect(attempt.failedRecipients?.map(\.address) == ["bob@example.test"])
            let lookups = fake.requests(to: "users/export/ids")
            #expect(lookups.map(\.json) == [
                Self.json(#"{"email_address":"ann@example.test","fields_to_export":["external_id"]}"#),
                Self.json(#"{"email_address":"bob@example.test","fields_to_export":["external_id"]}"#),
            ])
            let sent = try #require(fake.requests(to: "messages/send").first)
            #expect(sent.header("Authorization") == "Bearer key-braze-1" && sent.header("Content-Type") == "application/json")
            #expect(sent.json == Self.json(#"""
                {"external_user_ids":["user-ann"],"broadcast":false,"recipient_subscription_state":"all",
                 "messages":{"email":{"app_id":"app-identifier-1","from":"Acme <no-reply@acme.test>","subject":"Welcome",
                   "body":"<p>Hi</p>","plaintext_body":"Hi","reply_to":"help@acme.test","bcc":"bcc@example.test",
                   "headers":{"X-Campaign":"spring"},"extras":{"deliveryId":"\#(delivery.id)","transactionId":"tx-1"}}}}
                """#))
        }
    }

    @Test func brazeRefusesAttachmentsItCannotFetch() async throws {
        try await Self.send("braze", EmailAPIAdapterTests.full(), script: { _ in }) { delivery, fake in
            #expect(delivery.attempts.first?.reason == "rejected")
            #expect(fake.requests.isEmpty)
        }
    }

    @Test func netcore() async throws {
        let answer = #"{"data":{"message_id":"e8820eeb0ee94807f1ce88652b1dd627"},"message":"OK","status":"success"}"#
        let request = EmailAPIAdapterTests.full(overrides: ["netcore": .object(["settings": .object(["open_track": .bool(false)])])])
        try await Self.send("netcore", request, script: { $0.on("v5.1/mail/send", .respond(status: 202, json: answer)) }) { delivery, fake in
            #expect(delivery.status == .sent, "\(delivery.attempts.first?.error ?? "")")
            #expect(delivery.attempts.first?.messageId == "e8820eeb0ee94807f1ce88652b1dd627")
            let sent = try #require(fake.requests(to: "v5.1/mail/send").first)
            #expect(sent.header("api_key") == "key-netcore-1" && sent.header("Content-Type") == "application/json")
            #expect(sent.json == Self.json(#"""
                {"from":{"email":"no-reply@acme.test","name":"Acme"},"subject":"Welcome",
                 "content":[{"type":"html","value":"<p>Hi</p>"}],
                 "personalizations":[{"to":[{"email":"ann@example.test"},{"email":"bob@example.test"}],
                   "cc":[{"email":"cc@example.test"}],"bcc":[{"email":"bcc@example.test"}],
                   "headers":{"X-Campaign":"spring"},"token_to":"\#(delivery.id)"}],
                 "reply_to":"help@acme.test","tags":["welcome"],"settings":{"open_track":false},
                 "attachments":[{"name":"a.txt","content":"aGVsbG8="},{"name":"logo.png","content":"iVBORw=="}]}
                """#))
        }
        #expect(NetcoreAdapter.escaped("a < b & c\nd") == "a &lt; b &amp; c<br>d")
    }

    // MARK: - Documented errors and checks

    static let errorCases: [EmailAPIAdapterTests.ErrorCase] = [
        .init(provider: "infobip-email", path: "email/3/send", errors: [
            (401, #"{"requestError":{"serviceException":{"messageId":"UNAUTHORIZED","text":"Invalid login details"}}}"#, "bad_credentials", "UNAUTHORIZED"),
            (200, #"{"bulkId":"b1","messages":[{"to":"ada@example.com","messageId":"m1","status":{"groupId":5,"groupName":"REJECTED","id":51,"name":"REJECTED_DESTINATION","description":"Message rejected: invalid destination."}}]}"#, "invalid_recipient", "REJECTED_DESTINATION"),
        ], check: ("GET", "email/1/domains", #"{"paging":{"page":0,"size":10,"totalPages":1,"totalResults":1},"results":[{"domainId":1,"domainName":"acme.test","active":true}]}"#,
                   (401, #"{"requestError":{"serviceException":{"messageId":"UNAUTHORIZED","text":"Invalid login details"}}}"#, "bad_credentials", "UNAUTHORIZED"))),
        .init(provider: "braze", path: "users/export/ids", errors: [
            (401, #"{"message":"Invalid API key: key-braze-1"}"#, "bad_credentials", nil),
            (429, #"{"message":"API rate limit exceeded"}"#, "rate_limited", nil),
        ], check: ("POST", "users/export/ids", #"{"users":[],"message":"success"}"#,
                   (403, #"{"message":"Invalid API key: this key does not have the users.export.ids permission"}"#, "bad_credentials", nil))),
        .init(provider: "netcore", path: "v5.1/mail/send", errors: [
            (401, #"{"status":"error","message":"Unauthorized"}"#, "bad_credentials", nil),
        ], check: ("GET", "v5.1/domain/getDomains", #"{"data":[{"domain":"acme.test","status":"active"}],"message":"OK","status":"success"}"#,
                   (401, #"{"status":"error","message":"Unauthorized"}"#, "bad_credentials", nil))),
    ]

    @Test(arguments: errorCases) func documentedErrorsAreClassifiedAndTheCheckRuns(_ item: EmailAPIAdapterTests.ErrorCase) async throws {
        let fake = try await FakeProviderServer.start()
        let key = "key-\(item.provider)-1"
        let results = try await TestHerald.with { herald in
            let integration = try await ProviderAdapterTests.create(herald, item.provider, .email, Self.credentials(item.provider, fake))
            var results: [Delivery] = []
            for error in item.errors {
                let body = error.status >= 400 ? EmailAPIAdapterTests.echoing(error.body, key) : error.body
                fake.on(item.path, .respond(status: error.status, json: body))
                results.append(await herald.runtime.processor.process(DeliveryTests.delivery(herald), logger: herald.logger))
            }
            let check = try #require(item.check)
            let before = fake.requests(to: check.path).count
            fake.on(check.method == "POST" ? .post : .get, check.path, .respond(status: 200, json: check.pass),
                    .respond(status: check.fail.status, json: EmailAPIAdapterTests.echoing(check.fail.body, key)))
            try await herald.runtime.processor.check(integration)
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("\(item.provider): a refused check passed")
            } catch let failure as ProviderFailure {
                #expect(failure.reason.rawValue == check.fail.reason && failure.providerCode == check.fail.code, "\(failure)")
            }
            try await EmailAPIAdapterTests.expectCheckRefusalRedacted(herald, item.provider, Self.credentials(item.provider, fake))
            #expect(fake.requests(to: check.path).filter { $0.method == check.method }.count == before + 3)
            return results
        }
        for (result, expected) in zip(results, item.errors) {
            let attempt = try #require(result.attempts.first)
            #expect(attempt.reason == expected.reason, "\(item.provider) \(expected.status): \(attempt.error ?? "")")
            #expect(attempt.providerCode == expected.code, "\(item.provider) \(expected.status)")
            #expect(attempt.outcome != .sent)
            EmailAPIAdapterTests.expectAttemptRedacted(attempt, status: expected.status, key: key)
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
