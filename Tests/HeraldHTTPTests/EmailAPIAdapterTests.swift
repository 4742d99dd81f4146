import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import Testing

/// The HTTP email adapters (Postmark, Resend, Mailjet, Mandrill, Brevo, MailerSend, Mailtrap, SparkPost, Plunk,
/// Mailgun) against loopback fakes: the documented request with the documented success answer and its id, documented
/// error bodies classified, and each check.
@Suite(.timeLimit(.minutes(2))) struct EmailAPIAdapterTests {
    static let from = "no-reply@acme.test"

    /// Catalogue-required credentials of each provider, with the fake as the API root.
    static func credentials(_ provider: String, _ fake: FakeProviderServer) -> [String: JSONValue] {
        var credentials: [String: JSONValue] = [
            "apiKey": .string("key-\(provider)-1"), "from": .string(from), "senderName": .string("Acme"),
            "baseUrl": .string(fake.url("")),
        ]
        if provider == "mailjet" { credentials["secretKey"] = .string("mj-secret-1") }
        if provider == "mailgun" { credentials["user"] = .string("api"); credentials["domain"] = .string("mg.acme.test") }
        return credentials
    }

    /// An email using every field the typed message carries.
    static func full(overrides: [String: JSONValue]? = nil) -> DeliveryRequest {
        var request = DeliveryRequest(
            channel: .email, to: .init(email: "ann@example.test"),
            content: .init(subject: "Welcome", html: "<p>Hi</p>", text: "Hi"), overrides: overrides, transactionId: "tx-1")
        request.to.emails = ["ann@example.test", "bob@example.test"]
        request.to.cc = ["cc@example.test"]
        request.to.bcc = ["bcc@example.test"]
        request.content.replyTo = "help@acme.test"
        request.content.tags = ["welcome"]
        request.content.headers = ["X-Campaign": "spring"]
        request.content.attachments = [
            .init(filename: "a.txt", contentType: "text/plain", content: "aGVsbG8="),
            .init(filename: "logo.png", contentType: "image/png", content: "iVBORw==", cid: "logo"),
        ]
        return request
    }

    /// Runs the requests one after another through one integration of `provider`, then `after`.
    static func run(
        _ provider: String, _ fake: FakeProviderServer, _ requests: [DeliveryRequest],
        after: (TestHerald, Integration) async throws -> Void = { _, _ in }
    ) async throws -> [Delivery] {
        try await TestHerald.with { herald in
            let integration = try await ProviderAdapterTests.create(herald, provider, .email, credentials(provider, fake))
            var results: [Delivery] = []
            for request in requests {
                results.append(await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger))
            }
            try await after(herald, integration)
            return results
        }
    }

    /// Sends the full email through `provider`, answered with `answer` on `path`; returns the delivery and the request.
    static func sendFull(
        _ provider: String, _ path: String, _ answer: FakeProviderServer.Behavior, overrides: [String: JSONValue]? = nil,
        _ assertions: (Delivery, FakeProviderServer.Recorded) throws -> Void
    ) async throws {
        let fake = try await FakeProviderServer.start()
        fake.on(path, answer)
        let delivery = try #require(try await run(provider, fake, [full(overrides: overrides)]).first)
        #expect(delivery.status == .sent, "\(delivery.attempts.first?.error ?? "")")
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.method == "POST")
        try assertions(delivery, sent)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    static func json(_ text: String) -> JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }
    static func strings(_ list: String...) -> JSONValue { .array(list.map(JSONValue.string)) }

    // MARK: - Documented requests

    @Test func postmark() async throws {
        let answer = #"{"To":"ann@example.test","SubmittedAt":"2014-02-17T07:25:01.4178645-05:00","MessageID":"0a129aee-e1cd-480d-b08d-4f48548ff48d","ErrorCode":0,"Message":"OK"}"#
        try await Self.sendFull("postmark", "email", .respond(status: 200, json: answer)) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "0a129aee-e1cd-480d-b08d-4f48548ff48d")
            #expect(sent.header("X-Postmark-Server-Token") == "key-postmark-1")
            #expect(sent.header("Content-Type") == "application/json" && sent.header("Accept") == "application/json")
            #expect(sent.json == Self.json(#"""
                {"From":"Acme <no-reply@acme.test>","To":"ann@example.test, bob@example.test","Cc":"cc@example.test",
                 "Bcc":"bcc@example.test","Subject":"Welcome","HtmlBody":"<p>Hi</p>","TextBody":"Hi","ReplyTo":"help@acme.test",
                 "Tag":"welcome","Headers":[{"Name":"X-Campaign","Value":"spring"}],
                 "Attachments":[{"Name":"a.txt","Content":"aGVsbG8=","ContentType":"text/plain"},
                                {"Name":"logo.png","Content":"iVBORw==","ContentType":"image/png","ContentID":"cid:logo"}],
                 "Metadata":{"deliveryId":"\#(delivery.id)","transactionId":"tx-1"}}
                """#))
        }
    }

    @Test func resendSendsTheDeliveryIdAsIdempotencyKey() async throws {
        let answer = #"{"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"}"#
        try await Self.sendFull("resend", "emails", .respond(status: 200, json: answer)) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794")
            #expect(sent.header("Authorization") == "Bearer key-resend-1")
            #expect(sent.header("Idempotency-Key") == delivery.id)
            #expect(sent.header("Content-Type") == "application/json")
            #expect(sent.json == Self.json(#"""
                {"from":"Acme <no-reply@acme.test>","to":["ann@example.test","bob@example.test"],"cc":["cc@example.test"],
                 "bcc":["bcc@example.test"],"subject":"Welcome","html":"<p>Hi</p>","text":"Hi","reply_to":"help@acme.test",
                 "headers":{"X-Campaign":"spring"},"tags":[{"name":"welcome","value":"true"}],
                 "attachments":[{"filename":"a.txt","content":"aGVsbG8=","content_type":"text/plain"},
                                {"filename":"logo.png","content":"iVBORw==","content_type":"image/png","content_id":"logo"}]}
                """#))
        }
    }

    @Test func mailjetSendAPIv31KeepsEvery64BitMessageID() async throws {
        let answer = #"""
            {"Messages":[{"Status":"success","CustomID":"x","To":[
              {"Email":"ann@example.test","MessageUUID":"1ab23cd4-e567-8901-2345-6789f0gh1i2j","MessageID":1152921510123456789,"MessageHref":"https://api.mailjet.com/v3/message/1152921510123456789"},
              {"Email":"bob@example.test","MessageUUID":"2ab23cd4-e567-8901-2345-6789f0gh1i2j","MessageID":1152921510123456790,"MessageHref":"https://api.mailjet.com/v3/message/1152921510123456790"}],
             "Cc":[{"Email":"cc@example.test","MessageUUID":"3ab","MessageID":1152921510123456791,"MessageHref":"h"}],
             "Bcc":[{"Email":"bcc@example.test","MessageUUID":"4ab","MessageID":1152921510123456792,"MessageHref":"h"}]}]}
            """#
        try await Self.sendFull("mailjet", "v3.1/send", .respond(status: 200, json: answer), overrides: ["mailjet": .object(["SandboxMode": .bool(false)])]) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "1152921510123456789")
            #expect(delivery.attempts.first?.failedRecipients ?? [] == [])
            #expect(sent.header("Authorization") == "Basic " + Data("key-mailjet-1:mj-secret-1".utf8).base64EncodedString())
            #expect(sent.json == Self.json(#"""
                {"SandboxMode":false,"Messages":[{"From":{"Email":"no-reply@acme.test","Name":"Acme"},
                 "To":[{"Email":"ann@example.test"},{"Email":"bob@example.test"}],"Cc":[{"Email":"cc@example.test"}],
                 "Bcc":[{"Email":"bcc@example.test"}],"Subject":"Welcome","TextPart":"Hi","HTMLPart":"<p>Hi</p>",
                 "ReplyTo":{"Email":"help@acme.test"},"Headers":{"X-Campaign":"spring"},"CustomID":"\#(delivery.id)",
                 "Attachments":[{"ContentType":"text/plain","Filename":"a.txt","Base64Content":"aGVsbG8="}],
                 "InlinedAttachments":[{"ContentType":"image/png","Filename":"logo.png","ContentID":"logo","Base64Content":"iVBORw=="}]}]}
                """#))
        }
        #expect(MailjetAdapter.messageIds(#"{"To":[{"Email":"Ann@x.test","MessageID":"123"}]}"#) == ["ann@x.test": "123"])
    }

    @Test func mandrillListsRejectedRecipients() async throws {
        let answer = #"""
            [{"email":"ann@example.test","status":"sent","reject_reason":null,"_id":"abc123abc123abc123abc123abc123"},
             {"email":"bob@example.test","status":"rejected","reject_reason":"hard-bounce","_id":"def456"},
             {"email":"cc@example.test","status":"queued","_id":"ghi789"},{"email":"bcc@example.test","status":"sent","_id":"jkl012"}]
            """#
        try await Self.sendFull("mandrill", "api/1.0/messages/send", .respond(status: 200, json: answer), overrides: ["mandrill": .object(["async": .bool(true)])]) { delivery, sent in
            let attempt = try #require(delivery.attempts.first)
            #expect(attempt.messageId == "abc123abc123abc123abc123abc123")
            #expect(attempt.failedRecipients?.map(\.address) == ["bob@example.test"])
            #expect(attempt.failedRecipients?.first?.reason == "invalid_recipient")
            #expect(sent.header("Authorization") == nil)
            #expect(sent.json == Self.json(#"""
                {"key":"key-mandrill-1","async":true,"message":{"from_email":"no-reply@acme.test","from_name":"Acme",
                 "subject":"Welcome","html":"<p>Hi</p>","text":"Hi",
                 "to":[{"email":"ann@example.test","type":"to"},{"email":"bob@example.test","type":"to"},
                       {"email":"cc@example.test","type":"cc"},{"email":"bcc@example.test","type":"bcc"}],
                 "headers":{"X-Campaign":"spring","Reply-To":"help@acme.test"},"tags":["welcome"],
                 "metadata":{"deliveryId":"\#(delivery.id)"},
                 "attachments":[{"type":"text/plain","name":"a.txt","content":"aGVsbG8="}],
                 "images":[{"type":"image/png","name":"logo","content":"iVBORw=="}]}}
                """#))
        }
    }

    @Test func brevoSendsAnIdempotencyKeyInTheHeaders() async throws {
        let answer = #"{"messageId":"<201798300811.5787683@relay.domain.com>"}"#
        try await Self.sendFull("sendinblue", "v3/smtp/email", .respond(status: 201, json: answer)) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "<201798300811.5787683@relay.domain.com>")
            #expect(sent.header("api-key") == "key-sendinblue-1")
            let key = EmailAPI.uuid(delivery.id)
            // A name-based UUID of the delivery id: a fixed id gives this fixed key (SHA-256, version 5 layout).
            #expect(EmailAPI.uuid("66f2a1b3c4d5e6f708192a3b") == "687cadf0-af16-5c4f-98a0-d0c3c6955697")
            #expect(key != EmailAPI.uuid("66f2a1b3c4d5e6f708192a3b"))
            #expect(sent.json == Self.json(#"""
                {"sender":{"email":"no-reply@acme.test","name":"Acme"},"to":[{"email":"ann@example.test"},{"email":"bob@example.test"}],
                 "cc":[{"email":"cc@example.test"}],"bcc":[{"email":"bcc@example.test"}],"subject":"Welcome",
                 "htmlContent":"<p>Hi</p>","textContent":"Hi","replyTo":{"email":"help@acme.test"},"tags":["welcome"],
                 "headers":{"X-Campaign":"spring","idempotencyKey":"\#(key)"},
                 "attachment":[{"name":"a.txt","content":"aGVsbG8="},{"name":"logo.png","content":"iVBORw=="}]}
                """#))
        }
    }

    @Test func mailerSendReadsXMessageIdAndSuppressedRecipients() async throws {
        let warnings = #"""
            {"warnings":[{"type":"SOME_SUPPRESSED","warning":"Some of the recipients have been suppressed.",
              "recipients":[{"email":"bob@example.test","name":"Bob","reasons":["hard_bounced"]}]}]}
            """#
        let answer = FakeProviderServer.Behavior.respond(status: 202, json: warnings, headers: ["X-Message-Id": "5e42957d51f1d94a1070a733"])
        try await Self.sendFull("mailersend", "v1/email", answer) { delivery, sent in
            let attempt = try #require(delivery.attempts.first)
            #expect(attempt.messageId == "5e42957d51f1d94a1070a733")
            #expect(attempt.failedRecipients?.map(\.address) == ["bob@example.test"])
            #expect(sent.header("Authorization") == "Bearer key-mailersend-1")
            #expect(sent.json == Self.json(#"""
                {"from":{"email":"no-reply@acme.test","name":"Acme"},"to":[{"email":"ann@example.test"},{"email":"bob@example.test"}],
                 "cc":[{"email":"cc@example.test"}],"bcc":[{"email":"bcc@example.test"}],"reply_to":{"email":"help@acme.test"},
                 "subject":"Welcome","text":"Hi","html":"<p>Hi</p>","tags":["welcome"],
                 "headers":[{"name":"X-Campaign","value":"spring"}],
                 "attachments":[{"content":"aGVsbG8=","filename":"a.txt","disposition":"attachment"},
                                {"content":"iVBORw==","filename":"logo.png","disposition":"inline","id":"logo"}]}
                """#))
        }
    }

    @Test func mailtrap() async throws {
        let answer = #"{"success":true,"message_ids":["0c7fd939-02cf-11ed-88c2-0a58a9feac02"]}"#
        try await Self.sendFull("mailtrap", "api/send", .respond(status: 200, json: answer)) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "0c7fd939-02cf-11ed-88c2-0a58a9feac02")
            #expect(sent.header("Authorization") == "Bearer key-mailtrap-1")
            #expect(sent.json == Self.json(#"""
                {"from":{"email":"no-reply@acme.test","name":"Acme"},"to":[{"email":"ann@example.test"},{"email":"bob@example.test"}],
                 "cc":[{"email":"cc@example.test"}],"bcc":[{"email":"bcc@example.test"}],"reply_to":{"email":"help@acme.test"},
                 "subject":"Welcome","text":"Hi","html":"<p>Hi</p>","category":"welcome","headers":{"X-Campaign":"spring"},
                 "custom_variables":{"deliveryId":"\#(delivery.id)","transactionId":"tx-1"},
                 "attachments":[{"content":"aGVsbG8=","filename":"a.txt","type":"text/plain","disposition":"attachment"},
                                {"content":"iVBORw==","filename":"logo.png","type":"image/png","disposition":"inline","content_id":"logo"}]}
                """#))
        }
    }

    @Test func sparkPost() async throws {
        let answer = #"{"results":{"total_rejected_recipients":0,"total_accepted_recipients":4,"id":"11668787484950529"}}"#
        try await Self.sendFull("sparkpost", "api/v1/transmissions", .respond(status: 200, json: answer)) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "11668787484950529")
            #expect(sent.header("Authorization") == "key-sparkpost-1")
            #expect(sent.json == Self.json(#"""
                {"recipients":[{"address":{"email":"ann@example.test"},"tags":["welcome"]},
                               {"address":{"email":"bob@example.test"},"tags":["welcome"]},
                               {"address":{"email":"cc@example.test","header_to":"ann@example.test,bob@example.test"},"tags":["welcome"]},
                               {"address":{"email":"bcc@example.test","header_to":"ann@example.test,bob@example.test"},"tags":["welcome"]}],
                 "content":{"from":{"email":"no-reply@acme.test","name":"Acme"},"subject":"Welcome","html":"<p>Hi</p>","text":"Hi",
                            "reply_to":"help@acme.test","headers":{"X-Campaign":"spring","CC":"cc@example.test"},
                            "attachments":[{"name":"a.txt","type":"text/plain","data":"aGVsbG8="}],
                            "inline_images":[{"name":"logo","type":"image/png","data":"iVBORw=="}]},
                 "metadata":{"deliveryId":"\#(delivery.id)","transactionId":"tx-1"}}
                """#))
        }
    }

    @Test func sparkPostEURegion() throws {
        var integration = IntegrationSelectorTestsSupport.make("sparkpost-eu")
        #expect(try SparkPostAdapter.api.url(integration) == "https://api.sparkpost.com/api/v1/transmissions")
        integration.credentials = Credentials(["region": .string("eu")])
        #expect(try SparkPostAdapter.api.url(integration) == "https://api.eu.sparkpost.com/api/v1/transmissions")
    }

    @Test func mailgunEURegionIsItsBaseUrl() throws {
        let eu = Credentials(["baseUrl": .string("https://api.eu.mailgun.net")])
        #expect(try MailgunAdapter.endpoint.url("/v3/mg.acme.test/messages", credentials: eu)
            == "https://api.eu.mailgun.net/v3/mg.acme.test/messages")
        #expect(try MailgunAdapter.endpoint.url("/v3/mg.acme.test/messages", credentials: Credentials([:]))
            == "https://api.mailgun.net/v3/mg.acme.test/messages")
    }

    @Test func plunk() async throws {
        let answer = #"""
            {"success":true,"emails":[{"contact":{"id":"c-1","email":"ann@example.test"},"email":"e-1"},
              {"contact":{"id":"c-2","email":"bob@example.test"},"email":"e-2"}],"timestamp":"2024-10-24T10:00:00.000Z"}
            """#
        try await Self.sendFull("plunk", "v1/send", .respond(status: 200, json: answer)) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "e-1")
            #expect(sent.header("Authorization") == "Bearer key-plunk-1")
            #expect(sent.json == Self.json(#"""
                {"to":["ann@example.test","bob@example.test","cc@example.test","bcc@example.test"],"subject":"Welcome",
                 "body":"<p>Hi</p>","from":"no-reply@acme.test","name":"Acme","reply":"help@acme.test",
                 "headers":{"X-Campaign":"spring"},
                 "attachments":[{"filename":"a.txt","content":"aGVsbG8=","contentType":"text/plain"},
                                {"filename":"logo.png","content":"iVBORw==","contentType":"image/png"}]}
                """#))
        }
    }

    @Test func mailgunSendsMultipartForm() async throws {
        let answer = #"{"id":"<20241024101010.1.ABCDEF@mg.acme.test>","message":"Queued. Thank you."}"#
        let path = "v3/mg.acme.test/messages"
        try await Self.sendFull("mailgun", path, .respond(status: 200, json: answer), overrides: ["mailgun": .object(["o:testmode": .bool(true)])]) { delivery, sent in
            #expect(delivery.attempts.first?.messageId == "20241024101010.1.ABCDEF@mg.acme.test")
            #expect(sent.header("Authorization") == "Basic " + Data("api:key-mailgun-1".utf8).base64EncodedString())
            let type = try #require(sent.header("Content-Type"))
            #expect(type.hasPrefix("multipart/form-data; boundary="))
            let parts = Self.multipart(sent.body, boundary: String(type.dropFirst("multipart/form-data; boundary=".count)))
            #expect(parts.filter { $0.filename == nil }.map { "\($0.name)=\($0.value)" } == [
                "from=Acme <no-reply@acme.test>", "to=ann@example.test", "to=bob@example.test", "cc=cc@example.test",
                "bcc=bcc@example.test", "subject=Welcome", "text=Hi", "html=<p>Hi</p>", "h:Reply-To=help@acme.test",
                "h:X-Campaign=spring", "o:tag=welcome", "v:deliveryId=\(delivery.id)", "v:transactionId=tx-1", "o:testmode=yes",
            ])
            #expect(parts.filter { $0.filename != nil }.map { "\($0.name):\($0.filename ?? ""):\($0.value)" } == [
                "attachment:a.txt:hello", "inline:logo:\(String(decoding: [0x89, 0x50, 0x4E, 0x47] as [UInt8], as: UTF8.self))",
            ])
        }
    }

    /// The parts of a multipart body: name, filename, and the value as text.
    static func multipart(_ body: [UInt8], boundary: String) -> [(name: String, filename: String?, value: String)] {
        let text = String(decoding: body, as: UTF8.self)
        return text.components(separatedBy: "--\(boundary)").dropFirst().compactMap { chunk in
            guard let split = chunk.range(of: "\r\n\r\n") else { return nil }
            let head = String(chunk[..<split.lowerBound])
            let value = String(chunk[split.upperBound...]).replacingOccurrences(of: "\r\n", with: "")
            func parameter(_ key: String) -> String? {
                guard let start = head.range(of: "\(key)=\"") else { return nil }
                return String(head[start.upperBound...].prefix { $0 != "\"" })
            }
            guard let name = parameter("name") else { return nil }
            return (name, parameter("filename"), value)
        }
    }

    // MARK: - Documented errors and checks

    /// One provider's documented error answers (with the reason and code each must be recorded with) and its check.
    struct ErrorCase: Sendable, CustomStringConvertible {
        let provider: String
        let path: String
        let errors: [(status: Int, body: String, reason: String, code: String?)]
        /// The check's method and path, its passing answer and a refusal (reason, code); nil when there is no check.
        let check: (method: String, path: String, pass: String, fail: (status: Int, body: String, reason: String, code: String?))?
        var description: String { provider }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(provider: "postmark", path: "email", errors: [
            (422, #"{"ErrorCode":406,"Message":"You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ada@example.com."}"#, "invalid_recipient", "406"),
            (422, #"{"ErrorCode":400,"Message":"The 'From' address you supplied (no-reply@acme.test) is not a Sender Signature on your account."}"#, "misconfigured", "400"),
        ], check: ("GET", "server", #"{"ID":1,"Name":"Staging Testing","ApiTokens":["server-token"],"Color":"red"}"#,
                   (401, #"{"ErrorCode":10,"Message":"Bad or missing Server API token."}"#, "bad_credentials", "10"))),
        ErrorCase(provider: "resend", path: "emails", errors: [
            (429, #"{"statusCode":429,"name":"daily_quota_exceeded","message":"You have reached your daily email sending quota."}"#, "quota_exceeded", "daily_quota_exceeded"),
            (403, #"{"statusCode":403,"name":"validation_error","message":"The acme.test domain is not verified."}"#, "misconfigured", "validation_error"),
        ], check: ("GET", "domains", #"{"statusCode":401,"name":"restricted_api_key","message":"This API key is restricted to only send emails."}"#,
                   (403, #"{"statusCode":403,"name":"invalid_api_key","message":"API key is invalid"}"#, "bad_credentials", "invalid_api_key"))),
        ErrorCase(provider: "mailjet", path: "v3.1/send", errors: [
            (400, #"{"Messages":[{"Status":"error","Errors":[{"ErrorIdentifier":"f987008f-251a-4dff-8ffc-40f1583ad7bc","ErrorCode":"mj-0013","StatusCode":400,"ErrorMessage":"\"ada@\" is an invalid email address.","ErrorRelatedTo":["To[0].Email"]}]}]}"#, "invalid_recipient", "mj-0013"),
        ], check: ("GET", "v3/REST/sender", #"{"Count":1,"Data":[{"Email":"no-reply@acme.test","ID":1,"Status":"Active"}],"Total":1}"#,
                   (401, #"{"ErrorIdentifier":"0dd6e3f6-4f8e-4a84-b5ec-5b0b46f2c0d5","StatusCode":401,"ErrorMessage":"API key authentication/authorization failure."}"#, "bad_credentials", nil))),
        ErrorCase(provider: "mandrill", path: "api/1.0/messages/send", errors: [
            (500, #"{"status":"error","code":-1,"name":"Invalid_Key","message":"Invalid API key"}"#, "bad_credentials", "Invalid_Key"),
            (500, #"{"status":"error","code":-2,"name":"ValidationError","message":"Validation error: {\"message\":{\"to\":[\"is invalid\"]}}"}"#, "rejected", "ValidationError"),
            (200, #"[{"email":"ada@example.com","status":"rejected","reject_reason":"unsigned","_id":"x1"}]"#, "misconfigured", "unsigned"),
        ], check: ("POST", "api/1.0/users/ping", #""PONG!""#,
                   (500, #"{"status":"error","code":-1,"name":"Invalid_Key","message":"Invalid API key"}"#, "bad_credentials", "Invalid_Key"))),
        ErrorCase(provider: "sendinblue", path: "v3/smtp/email", errors: [
            (402, #"{"code":"not_enough_credits","message":"Not enough credits"}"#, "quota_exceeded", "not_enough_credits"),
        ], check: ("GET", "v3/account", #"{"email":"owner@acme.test","firstName":"Ann","lastName":"Lee","companyName":"Acme","plan":[{"type":"free","credits":300}]}"#,
                   (401, #"{"code":"unauthorized","message":"Key not found"}"#, "bad_credentials", "unauthorized"))),
        ErrorCase(provider: "mailersend", path: "v1/email", errors: [
            (422, #"{"message":"The to.0.email must be a valid email address. (and 1 more error)","errors":{"to.0.email":["The to.0.email must be a valid email address."]}}"#, "rejected", "to.0.email"),
            (429, #"{"message":"Your account reached its API daily quota limit. Upgrade to increase it. #MS42901"}"#, "quota_exceeded", "MS42901"),
            (202, #"{"warnings":[{"type":"ALL_SUPPRESSED","warning":"None of the recipients were sent this message.","recipients":[{"email":"ada@example.com","reasons":["hard_bounced"]}]}]}"#, "invalid_recipient", "ALL_SUPPRESSED"),
        ], check: ("GET", "v1/api-quota", #"{"quota":3000,"remaining":2999,"reset":"2024-10-25T00:00:00Z"}"#,
                   (401, #"{"message":"Unauthenticated."}"#, "bad_credentials", nil))),
        ErrorCase(provider: "mailtrap", path: "api/send", errors: [
            (401, #"{"success":false,"errors":["Unauthorized"]}"#, "bad_credentials", nil),
            (400, #"{"success":false,"errors":["'from' address domain is not verified"]}"#, "rejected", nil),
        ], check: ("GET", "api/accounts", #"[{"id":26730,"name":"Acme","access_levels":[100]}]"#,
                   (401, #"{"error":"Incorrect API token"}"#, "bad_credentials", nil))),
        ErrorCase(provider: "sparkpost", path: "api/v1/transmissions", errors: [
            (420, #"{"errors":[{"message":"Exceed Sending Limit (daily)","code":"2102"}]}"#, "quota_exceeded", "2102"),
            (400, #"{"errors":[{"message":"Invalid domain","description":"Unconfigured or unverified sending domain.","code":"7001"}]}"#, "misconfigured", "7001"),
        ], check: ("GET", "api/v1/transmissions", #"{"results":[]}"#,
                   (401, #"{"errors":[{"message":"Unauthorized."}]}"#, "bad_credentials", nil))),
        ErrorCase(provider: "plunk", path: "v1/send", errors: [
            (401, #"{"code":401,"error":"Unauthorized","message":"Incorrect Bearer token specified","time":1729764000000}"#, "bad_credentials", "Unauthorized"),
        ], check: nil),
        ErrorCase(provider: "mailgun", path: "v3/mg.acme.test/messages", errors: [
            (400, #"{"message":"to parameter is not a valid address. please check documentation"}"#, "rejected", nil),
            (200, "Mailgun Magnificent API", "misconfigured", nil),
        ], check: ("GET", "v3/domains/mg.acme.test", #"{"domain":{"name":"mg.acme.test","state":"active"},"receiving_dns_records":[],"sending_dns_records":[]}"#,
                   (401, "Forbidden", "bad_credentials", nil))),
    ]

    /// `body` echoing `key` near its start (first in the first JSON object, else before the text), as providers echo
    /// what they were sent: nothing recorded or shown to a caller may keep it.
    static func echoing(_ body: String, _ key: String) -> String {
        guard let brace = body.firstIndex(of: "{") else { return "\(key): \(body)" }
        return body[...brace] + #""echo":"\#(key)","# + body[body.index(after: brace)...]
    }

    /// A refused check run as the API runs it (`check: true` on create): the 400 names the reason with every
    /// credential redacted, the API key the provider echoed included. (The engine's own check throws the provider's
    /// text as it came; credentials are redacted where it leaves Herald.)
    static func expectCheckRefusalRedacted(
        _ herald: TestHerald, _ provider: String, _ credentials: [String: JSONValue], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let key = try #require(credentials["apiKey"]?.stringValue, sourceLocation: sourceLocation)
        do {
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: provider, channel: .email, credentials: Credentials(credentials),
                active: true, check: true), principal: try await herald.apiKeyPrincipal())
            Issue.record("\(provider): a refused check passed", sourceLocation: sourceLocation)
        } catch let error as HeraldError {
            #expect(error.kind == .badRequest, sourceLocation: sourceLocation)
            #expect(error.message.contains(Redactor.mark) && !error.message.contains(key), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    /// The recorded attempt keeps no echoed API key (an error status's body is in the error, the key redacted).
    static func expectAttemptRedacted(_ attempt: DeliveryAttempt, status: Int, key: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = attempt.error ?? ""
        #expect(!error.contains(key), "\(error)", sourceLocation: sourceLocation)
        if status >= 400 { #expect(error.contains(Redactor.mark), "\(error)", sourceLocation: sourceLocation) }
    }

    @Test(arguments: errorCases) func documentedErrorsAreClassifiedAndTheCheckRuns(_ item: ErrorCase) async throws {
        let fake = try await FakeProviderServer.start()
        let key = "key-\(item.provider)-1"
        if let check = item.check {
            fake.on(check.method == "POST" ? .post : .get, check.path, .respond(status: 200, json: check.pass),
                    .respond(status: check.fail.status, json: Self.echoing(check.fail.body, key)))
        }
        let results = try await TestHerald.with { herald in
            let integration = try await ProviderAdapterTests.create(herald, item.provider, .email, Self.credentials(item.provider, fake))
            var results: [Delivery] = []
            for error in item.errors {
                fake.on(item.path, .respond(status: error.status, json: error.status >= 400 ? Self.echoing(error.body, key) : error.body))
                results.append(await herald.runtime.processor.process(DeliveryTests.delivery(herald), logger: herald.logger))
            }
            guard let check = item.check else {
                await #expect(throws: ProviderFailure.self) { try await herald.runtime.processor.check(integration) }
                return results
            }
            try await herald.runtime.processor.check(integration)
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("\(item.provider): a refused check passed")
            } catch let failure as ProviderFailure {
                #expect(failure.reason.rawValue == check.fail.reason && failure.providerCode == check.fail.code, "\(failure)")
            }
            try await Self.expectCheckRefusalRedacted(herald, item.provider, Self.credentials(item.provider, fake))
            #expect(fake.requests(to: check.path).filter { $0.method == check.method }.count == 3)
            return results
        }
        for (result, expected) in zip(results, item.errors) {
            let attempt = try #require(result.attempts.first)
            #expect(attempt.reason == expected.reason, "\(item.provider) \(expected.status): \(attempt.error ?? "")")
            #expect(attempt.providerCode == expected.code, "\(item.provider) \(expected.status)")
            #expect(attempt.outcome != .sent)
            Self.expectAttemptRedacted(attempt, status: expected.status, key: key)
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
