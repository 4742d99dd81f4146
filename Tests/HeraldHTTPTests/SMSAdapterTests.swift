import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Testing

/// The SMS provider adapters against loopback fakes: each sends its documented request (method, path, auth,
/// content type, every body field), records the id from the documented success body, classifies a documented
/// error body by the provider's code, and runs its check where the provider has one.
@Suite(.timeLimit(.minutes(2))) struct SMSAdapterTests {
    static let to = "+15558675310"

    /// Starts a fake and a Herald, runs the body, and asserts no unscripted call reached the fake.
    static func run(_ body: (FakeProviderServer, TestHerald) async throws -> Void) async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in try await body(fake, herald) }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    /// An active SMS integration of `provider` whose `baseUrl` is the fake.
    static func integration(
        _ herald: TestHerald, _ fake: FakeProviderServer, _ provider: String, _ credentials: [String: String]
    ) async throws -> Integration {
        var values = credentials.mapValues(JSONValue.string)
        values["baseUrl"] = .string(fake.url(""))
        return try await ProviderAdapterTests.create(herald, provider, .sms, values)
    }

    /// Processes one SMS delivery.
    static func send(_ herald: TestHerald, content: String = "Hello & bye", from: String? = nil,
                     overrides: [String: JSONValue] = [:]) async -> Delivery {
        var request = DeliveryRequest(channel: .sms, to: .init(phone: to), content: .init(content: content))
        request.content.from = from
        request.overrides = overrides.isEmpty ? nil : overrides
        return await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
    }

    static func expectSent(_ delivery: Delivery, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(delivery.status == .sent, sourceLocation: sourceLocation)
        #expect(delivery.attempts.first?.messageId == id, sourceLocation: sourceLocation)
    }

    static func expectFailed(_ delivery: Delivery, _ reason: String, code: String?, status: Int?,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let attempt = delivery.attempts.first
        #expect(attempt?.outcome != .sent, sourceLocation: sourceLocation)
        #expect(attempt?.reason == reason, sourceLocation: sourceLocation)
        #expect(attempt?.providerCode == code, sourceLocation: sourceLocation)
        #expect(attempt?.httpStatus == status, sourceLocation: sourceLocation)
    }

    /// Runs the check, expecting a failure with that reason and code.
    static func expectCheckFails(_ herald: TestHerald, _ integration: Integration, _ reason: ProviderFailure.Reason, code: String?,
                                 sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await herald.runtime.processor.check(integration)
            Issue.record("the check passed", sourceLocation: sourceLocation)
        } catch let failure as ProviderFailure {
            #expect(failure.reason == reason && failure.providerCode == code, "\(failure)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    /// Every check request the fake got on `path` (at least one): a GET with exactly that query string and, where
    /// given, that header value.
    static func expectChecked(_ fake: FakeProviderServer, _ path: String, query: String = "", header: (name: String, value: String)? = nil,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let requests = fake.requests(to: path)
        let checks = requests.filter { $0.method == "GET" }
        #expect(!checks.isEmpty, "no GET reached /\(path): \(requests.map(\.method))", sourceLocation: sourceLocation)
        for request in checks {
            #expect(request.query == query, sourceLocation: sourceLocation)
            if let header { #expect(request.header(header.name) == header.value, sourceLocation: sourceLocation) }
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    static func form(_ request: FakeProviderServer.Recorded) -> String { String(decoding: request.body, as: UTF8.self) }

    static func expectJSON(_ request: FakeProviderServer.Recorded?, _ method: String = "POST", sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(request?.method == method, sourceLocation: sourceLocation)
        #expect(request?.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
    }

    static func expectForm(_ request: FakeProviderServer.Recorded?, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(request?.method == "POST", sourceLocation: sourceLocation)
        #expect(request?.header("Content-Type") == "application/x-www-form-urlencoded", sourceLocation: sourceLocation)
    }

    // MARK: - Providers

    @Test func plivo() async throws {
        try await Self.run { fake, herald in
            let path = "v1/Account/MAXXXXXXXXXXXXXXXXXX/Message/"
            fake.on(path,
                    .respond(status: 202, json: #"{"message":"message(s) queued","message_uuid":["db3ce55a-7f1d-11e1-8ea7-1231380bc196"],"api_id":"db342550-7f1d-11e1-8ea7-1231380bc196"}"#),
                    .respond(status: 400, json: #"{"api_id":"f9a8b8f0-7f1d-11e1-8ea7-1231380bc196","error":"invalid 'dst' parameter"}"#))
            fake.on(.get, "v1/Account/MAXXXXXXXXXXXXXXXXXX/", .respond(status: 200, json: #"{"account_type":"standard","auth_id":"MAXXXXXXXXXXXXXXXXXX","cash_credits":"12.50"}"#))
            let integration = try await Self.integration(herald, fake, "plivo", [
                "accountSid": "MAXXXXXXXXXXXXXXXXXX", "token": "plivo-token-1", "from": "+15557122661",
            ])
            let sent = await Self.send(herald, overrides: ["plivo": .object(["url": .string("https://hooks.acme.test/plivo")])])
            Self.expectSent(sent, "db3ce55a-7f1d-11e1-8ea7-1231380bc196")
            let request = fake.requests(to: path).first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == Self.basic("MAXXXXXXXXXXXXXXXXXX", "plivo-token-1"))
            #expect(request?.json == .object([
                "src": .string("+15557122661"), "dst": .string(Self.to), "text": .string("Hello & bye"),
                "url": .string("https://hooks.acme.test/plivo"),
            ]))
            Self.expectFailed(await Self.send(herald), "rejected", code: nil, status: 400)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "v1/Account/MAXXXXXXXXXXXXXXXXXX/", header: ("Authorization", Self.basic("MAXXXXXXXXXXXXXXXXXX", "plivo-token-1")))
        }
    }

    @Test func nexmo() async throws {
        try await Self.run { fake, herald in
            fake.on("sms/json",
                    .respond(status: 200, json: #"{"message-count":"1","messages":[{"to":"15558675310","message-id":"0A0000000123ABCD1","status":"0","remaining-balance":"3.14159265","message-price":"0.03330000","network":"12345"}]}"#),
                    .respond(status: 200, json: #"{"message-count":"1","messages":[{"status":"9","error-text":"Quota Exceeded - rejected"}]}"#))
            fake.on(.get, "account/get-balance", .respond(status: 200, json: #"{"value":10.28,"autoReload":false}"#),
                    .respond(status: 401, json: #"{"error-code":"401","error-code-label":"authentication failed"}"#))
            let integration = try await Self.integration(herald, fake, "nexmo", [
                "apiKey": "abcd1234", "secretKey": "nexmo-secret-1", "from": "AcmeInc",
            ])
            let sent = await Self.send(herald, content: "Grüße")
            Self.expectSent(sent, "0A0000000123ABCD1")
            let request = fake.requests(to: "sms/json").first
            Self.expectJSON(request)
            #expect(request?.json == .object([
                "api_key": .string("abcd1234"), "api_secret": .string("nexmo-secret-1"), "from": .string("AcmeInc"),
                "to": .string(Self.to), "text": .string("Grüße"), "client-ref": .string(sent.id), "type": .string("unicode"),
            ]))
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "9", status: 200)
            try await herald.runtime.processor.check(integration)
            await Self.expectCheckFails(herald, integration, .badCredentials, code: nil)
            Self.expectChecked(fake, "account/get-balance", query: "api_key=abcd1234&api_secret=nexmo-secret-1")
        }
    }

    @Test func telnyx() async throws {
        try await Self.run { fake, herald in
            fake.on("v2/messages",
                    .respond(status: 200, json: #"{"data":{"record_type":"message","direction":"outbound","id":"b0c7e8cb-6227-4c74-9f32-c7f80c30934b","type":"SMS","from":{"phone_number":"+15557122661"},"to":[{"phone_number":"+15558675310","status":"queued"}],"text":"Hello & bye","errors":[]}}"#),
                    .respond(status: 400, json: #"{"errors":[{"code":"40310","title":"Invalid 'to' address","detail":"The 'to' address should be a single valid number.","source":{"pointer":"/to"}}]}"#))
            fake.on(.get, "v2/balance", .respond(status: 200, json: #"{"data":{"record_type":"balance","balance":"300.00","currency":"USD"}}"#),
                    .respond(status: 401, json: #"{"errors":[{"code":"10009","title":"Authentication failed","detail":"The API key looks malformed."}]}"#))
            let integration = try await Self.integration(herald, fake, "telnyx", [
                "apiKey": "KEY0123", "messageProfileId": "16fd2706-8baf-433b-82eb-8c7fada847da", "from": "+15557122661",
            ])
            Self.expectSent(await Self.send(herald, from: "+15550001111"), "b0c7e8cb-6227-4c74-9f32-c7f80c30934b")
            let request = fake.requests(to: "v2/messages").first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == "Bearer KEY0123")
            #expect(request?.json == .object([
                "from": .string("+15550001111"), "to": .string(Self.to), "text": .string("Hello & bye"),
                "messaging_profile_id": .string("16fd2706-8baf-433b-82eb-8c7fada847da"),
            ]))
            Self.expectFailed(await Self.send(herald), "invalid_recipient", code: "40310", status: 400)
            try await herald.runtime.processor.check(integration)
            await Self.expectCheckFails(herald, integration, .badCredentials, code: "10009")
            Self.expectChecked(fake, "v2/balance", header: ("Authorization", "Bearer KEY0123"))
        }
    }

    @Test func sinch() async throws {
        try await Self.run { fake, herald in
            let path = "xms/v1/plan123/batches"
            fake.on(path,
                    .respond(status: 201, json: #"{"id":"01FC66621XXXXX119Z8PMV1QPQ","to":["15558675310"],"from":"AcmeInc","canceled":false,"body":"Hello & bye","type":"mt_text","delivery_report":"none","flash_message":false}"#),
                    .respond(status: 400, json: #"{"code":"syntax_invalid_parameter_format","text":"Invalid parameter format"}"#))
            fake.on(.get, path, .respond(status: 200, json: #"{"count":0,"page":0,"batches":[],"page_size":1}"#))
            let integration = try await Self.integration(herald, fake, "sinch", [
                "servicePlanId": "plan123", "apiToken": "sinch-token-1", "region": "eu", "from": "AcmeInc",
            ])
            let sent = await Self.send(herald, overrides: ["sinch": .object(["delivery_report": .string("summary")])])
            Self.expectSent(sent, "01FC66621XXXXX119Z8PMV1QPQ")
            let request = fake.requests(to: path).first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == "Bearer sinch-token-1")
            #expect(request?.json == .object([
                "from": .string("AcmeInc"), "to": .array([.string(Self.to)]), "body": .string("Hello & bye"),
                "client_reference": .string(sent.id), "delivery_report": .string("summary"),
            ]))
            Self.expectFailed(await Self.send(herald), "rejected", code: "syntax_invalid_parameter_format", status: 400)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, path, query: "page_size=1", header: ("Authorization", "Bearer sinch-token-1"))
        }
    }

    @Test func messagebird() async throws {
        try await Self.run { fake, herald in
            fake.on("messages",
                    .respond(status: 201, json: #"{"id":"e8077d803532c0b5937c639b60216938","href":"https://rest.messagebird.com/messages/e8077d803532c0b5937c639b60216938","direction":"mt","type":"sms","originator":"AcmeInc","body":"Hello & bye","recipients":{"totalCount":1,"totalSentCount":1,"items":[{"recipient":15558675310,"status":"sent"}]}}"#),
                    .respond(status: 422, json: #"{"errors":[{"code":25,"description":"You do not have sufficient balance to send this message","parameter":null}]}"#))
            fake.on(.get, "balance", .respond(status: 200, json: #"{"payment":"prepaid","type":"credits","amount":42}"#))
            let integration = try await Self.integration(herald, fake, "messagebird", ["accessKey": "live_key1", "from": "AcmeInc"])
            let sent = await Self.send(herald)
            Self.expectSent(sent, "e8077d803532c0b5937c639b60216938")
            let request = fake.requests(to: "messages").first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == "AccessKey live_key1")
            #expect(request?.json == .object([
                "originator": .string("AcmeInc"), "recipients": .array([.string(Self.to)]), "body": .string("Hello & bye"),
                "reference": .string(sent.id),
            ]))
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "25", status: 422)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "balance", header: ("Authorization", "AccessKey live_key1"))
        }
    }

    @Test func infobip() async throws {
        try await Self.run { fake, herald in
            let path = "sms/2/text/advanced"
            fake.on(path,
                    .respond(status: 200, json: #"{"bulkId":"2034072219640523072","messages":[{"messageId":"2250be2d4219-3af1-78856-aabe-1362af1edfd2","status":{"groupId":1,"groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED","description":"Message sent to next instance"},"to":"15558675310"}]}"#),
                    .respond(status: 200, json: #"{"messages":[{"messageId":"m2","status":{"groupId":5,"groupName":"REJECTED","id":12,"name":"REJECTED_NOT_ENOUGH_CREDITS","description":"Not enough credits"},"to":"15558675310"}]}"#),
                    .respond(status: 401, json: #"{"requestError":{"serviceException":{"messageId":"UNAUTHORIZED","text":"Invalid login details"}}}"#))
            fake.on(.get, "account/1/balance", .respond(status: 200, json: #"{"balance":47.79,"currency":"EUR"}"#))
            let integration = try await Self.integration(herald, fake, "infobip-sms", ["apiKey": "ib-key-1", "from": "InfoSMS"])
            Self.expectSent(await Self.send(herald), "2250be2d4219-3af1-78856-aabe-1362af1edfd2")
            let request = fake.requests(to: path).first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == "App ib-key-1")
            #expect(request?.json == .object(["messages": .array([.object([
                "destinations": .array([.object(["to": .string("15558675310")])]), "from": .string("InfoSMS"),
                "text": .string("Hello & bye"),
            ])])]))
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "REJECTED_NOT_ENOUGH_CREDITS", status: 200)
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: "UNAUTHORIZED", status: 401)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "account/1/balance", header: ("Authorization", "App ib-key-1"))
        }
    }

    @Test func clicksend() async throws {
        try await Self.run { fake, herald in
            let path = "v3/sms/send"
            fake.on(path,
                    .respond(status: 200, json: #"{"http_code":200,"response_code":"SUCCESS","response_msg":"Messages queued for delivery.","data":{"total_price":0.077,"total_count":1,"queued_count":1,"messages":[{"direction":"out","date":1436871253,"to":"+15558675310","body":"Hello & bye","from":"AcmeInc","message_id":"BF7AD270-0DE2-418B-B606-71D527D9C1AE","message_parts":1,"status":"SUCCESS"}]}}"#),
                    .respond(status: 200, json: #"{"http_code":200,"response_code":"SUCCESS","response_msg":"Here are your data.","data":{"total_count":1,"queued_count":0,"messages":[{"to":"+1555","status":"INVALID_RECIPIENT"}]}}"#))
            fake.on(.get, "v3/account", .respond(status: 401, json: #"{"http_code":401,"response_code":"UNAUTHORIZED","response_msg":"Invalid credentials."}"#))
            let integration = try await Self.integration(herald, fake, "clicksend", ["user": "acme", "apiKey": "cs-key-1", "from": "AcmeInc"])
            let sent = await Self.send(herald)
            Self.expectSent(sent, "BF7AD270-0DE2-418B-B606-71D527D9C1AE")
            let request = fake.requests(to: path).first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == Self.basic("acme", "cs-key-1"))
            #expect(request?.json == .object(["messages": .array([.object([
                "from": .string("AcmeInc"), "to": .string(Self.to), "body": .string("Hello & bye"), "custom_string": .string(sent.id),
            ])])]))
            Self.expectFailed(await Self.send(herald), "invalid_recipient", code: "INVALID_RECIPIENT", status: 200)
            await Self.expectCheckFails(herald, integration, .badCredentials, code: "UNAUTHORIZED")
            Self.expectChecked(fake, "v3/account", header: ("Authorization", Self.basic("acme", "cs-key-1")))
        }
    }

    @Test func brevo() async throws {
        try await Self.run { fake, herald in
            let path = "v3/transactionalSMS/send"
            fake.on(path, .respond(status: 201, json: #"{"messageId":1511882900176220}"#),
                    .respond(status: 402, json: #"{"code":"not_enough_credits","message":"Not enough credits"}"#))
            fake.on(.get, "v3/account", .respond(status: 200, json: #"{"email":"ops@acme.test","companyName":"Acme"}"#))
            let integration = try await Self.integration(herald, fake, "brevo-sms", ["apiKey": "xkeysib-1", "from": "Acme"])
            Self.expectSent(await Self.send(herald, overrides: ["brevo-sms": .object(["tag": .string("otp")])]), "1511882900176220")
            let request = fake.requests(to: path).first
            Self.expectJSON(request)
            #expect(request?.header("api-key") == "xkeysib-1")
            #expect(request?.json == .object([
                "sender": .string("Acme"), "recipient": .string("15558675310"), "content": .string("Hello & bye"),
                "type": .string("transactional"), "tag": .string("otp"),
            ]))
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "not_enough_credits", status: 402)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "v3/account", header: ("api-key", "xkeysib-1"))
        }
    }

    @Test func termii() async throws {
        try await Self.run { fake, herald in
            fake.on("api/sms/send",
                    .respond(status: 200, json: #"{"message_id":"9122821270554876574","message":"Successfully Sent","balance":9,"user":"Peter Mcleish"}"#),
                    .respond(status: 400, json: #"{"message":"Phone number is invalid"}"#))
            fake.on(.get, "api/get-balance", .respond(status: 200, json: #"{"user":"Peter Mcleish","balance":9,"currency":"NGN"}"#))
            let integration = try await Self.integration(herald, fake, "termii", ["apiKey": "termii-key-1", "from": "Acme"])
            Self.expectSent(await Self.send(herald, overrides: ["termii": .object(["channel": .string("dnd")])]), "9122821270554876574")
            let request = fake.requests(to: "api/sms/send").first
            Self.expectJSON(request)
            #expect(request?.json == .object([
                "to": .string("15558675310"), "from": .string("Acme"), "sms": .string("Hello & bye"), "type": .string("plain"),
                "channel": .string("dnd"), "api_key": .string("termii-key-1"),
            ]))
            Self.expectFailed(await Self.send(herald), "rejected", code: nil, status: 400)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "api/get-balance", query: "api_key=termii-key-1")
        }
    }

    @Test func sms77() async throws {
        try await Self.run { fake, herald in
            fake.on("api/sms",
                    .respond(status: 200, json: #"{"success":"100","total_price":0.075,"balance":3.6,"debug":"false","sms_type":"direct","messages":[{"id":"77229318693","sender":"Acme","recipient":"15558675310","text":"Hello & bye","encoding":"gsm","parts":1,"price":0.075,"success":true,"error":null,"error_text":null}]}"#),
                    .respond(status: 200, json: #"{"success":"202","total_price":0,"messages":[{"id":null,"recipient":"1555","success":false,"error":"202","error_text":"Invalid recipient"}]}"#),
                    .respond(status: 200, json: "900"))
            fake.on(.get, "api/balance", .respond(status: 200, json: "12.5"), .respond(status: 200, json: "900"))
            let integration = try await Self.integration(herald, fake, "sms77", ["apiKey": "seven-key-1", "from": "Acme"])
            let sent = await Self.send(herald, overrides: ["sms77": .object(["flash": .bool(true)])])
            Self.expectSent(sent, "77229318693")
            let request = try #require(fake.requests(to: "api/sms").first)
            Self.expectForm(request)
            #expect(request.header("X-Api-Key") == "seven-key-1")
            #expect(Self.form(request) == "to=%2B15558675310&text=Hello+%26+bye&from=Acme&foreign_id=\(sent.id)&json=1&flash=true")
            Self.expectFailed(await Self.send(herald), "invalid_recipient", code: "202", status: 200)
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: "900", status: 200)
            try await herald.runtime.processor.check(integration)
            await Self.expectCheckFails(herald, integration, .badCredentials, code: "900")
            Self.expectChecked(fake, "api/balance", header: ("X-Api-Key", "seven-key-1"))
        }
    }

    @Test func africasTalking() async throws {
        try await Self.run { fake, herald in
            let path = "version1/messaging"
            fake.on(path,
                    .respond(status: 201, json: #"{"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: KES 0.8000","Recipients":[{"statusCode":101,"number":"+15558675310","status":"Success","cost":"KES 0.8000","messageId":"ATPid_SampleTxnId123"}]}}"#),
                    .respond(status: 201, json: #"{"SMSMessageData":{"Message":"Sent to 0/1 Total Cost: 0","Recipients":[{"statusCode":405,"number":"+15558675310","status":"InsufficientBalance","cost":"0","messageId":"None"}]}}"#))
            fake.on(.get, "version1/user", .respond(status: 200, json: #"{"UserData":{"balance":"KES 1785.50"}}"#))
            let integration = try await Self.integration(herald, fake, "africas-talking", ["apiKey": "at-key-1", "user": "acme", "from": "ACME"])
            Self.expectSent(await Self.send(herald), "ATPid_SampleTxnId123")
            let request = try #require(fake.requests(to: path).first)
            Self.expectForm(request)
            #expect(request.header("apiKey") == "at-key-1" && request.header("Accept") == "application/json")
            #expect(Self.form(request) == "username=acme&to=%2B15558675310&message=Hello+%26+bye&from=ACME")
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "405", status: 201)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "version1/user", query: "username=acme", header: ("apiKey", "at-key-1"))
        }
    }

    @Test func firetext() async throws {
        try await Self.run { fake, herald in
            fake.on("api/sendsms", .respond(status: 200, json: "0:1 SMS successfully queued", headers: ["X-Message": "abc123def"]),
                    .respond(status: 200, json: "1:0 Authentication error"))
            _ = try await Self.integration(herald, fake, "firetext", ["apiKey": "ft-key-1", "from": "Acme"])
            Self.expectSent(await Self.send(herald), "abc123def")
            let request = try #require(fake.requests(to: "api/sendsms").first)
            Self.expectForm(request)
            #expect(Self.form(request) == "apiKey=ft-key-1&message=Hello+%26+bye&from=Acme&to=15558675310")
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: "1", status: 200)
        }
    }

    @Test func fortySixElks() async throws {
        try await Self.run { fake, herald in
            fake.on("a1/sms",
                    .respond(status: 200, json: #"{"status":"created","direction":"outgoing","from":"AcmeInc","created":"2018-07-13T13:57:23.741000","parts":1,"to":"+15558675310","cost":3500,"message":"Hello & bye","id":"s70df59406a1b4643b96f3f91e0bfb7b0"}"#),
                    .respond(status: 403, json: "Invalid to number"))
            fake.on(.get, "a1/me", .respond(status: 200, json: #"{"id":"u1","name":"Acme","balance":12000,"currency":"SEK"}"#))
            let integration = try await Self.integration(herald, fake, "forty-six-elks", ["user": "u1", "password": "elks-pw-1", "from": "AcmeInc"])
            let hook: JSONValue = .object(["whendelivered": .string("https://hooks.acme.test/elks")])
            Self.expectSent(await Self.send(herald, overrides: ["forty-six-elks": hook]), "s70df59406a1b4643b96f3f91e0bfb7b0")
            let request = try #require(fake.requests(to: "a1/sms").first)
            Self.expectForm(request)
            #expect(request.header("Authorization") == Self.basic("u1", "elks-pw-1"))
            #expect(Self.form(request) == "from=AcmeInc&to=%2B15558675310&message=Hello+%26+bye&whendelivered=https%3A%2F%2Fhooks.acme.test%2Felks")
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: nil, status: 403)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "a1/me", header: ("Authorization", Self.basic("u1", "elks-pw-1")))
        }
    }

    @Test func clickatell() async throws {
        try await Self.run { fake, herald in
            fake.on("v1/message",
                    .respond(status: 202, json: #"{"messages":[{"apiMessageId":"1d1afd5cfa924ba3b6e5acbf1b2f8d2d","accepted":true,"to":"15558675310","channel":"sms"}],"error":null}"#),
                    .respond(status: 202, json: #"{"messages":[{"apiMessageId":null,"accepted":false,"to":"15558675310","channel":"sms","error":{"code":25,"description":"Invalid recipient address."}}],"error":null}"#),
                    .respond(status: 401, json: #"{"messages":[],"error":{"code":1,"description":"Invalid or missing integration API Key."}}"#))
            _ = try await Self.integration(herald, fake, "clickatell", ["apiKey": "ck-key-1"])
            Self.expectSent(await Self.send(herald, from: "15557122661"), "1d1afd5cfa924ba3b6e5acbf1b2f8d2d")
            let request = fake.requests(to: "v1/message").first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == "ck-key-1")
            #expect(request?.json == .object(["messages": .array([.object([
                "channel": .string("sms"), "to": .string("15558675310"), "content": .string("Hello & bye"), "from": .string("15557122661"),
            ])])]))
            Self.expectFailed(await Self.send(herald), "invalid_recipient", code: "25", status: 202)
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: "1", status: 401)
        }
    }

    @Test func bulkSMS() async throws {
        try await Self.run { fake, herald in
            fake.on("v1/messages",
                    .respond(status: 201, json: #"[{"id":"1073741825","type":"SENT","from":"AcmeInc","to":"+15558675310","body":"Hello & bye","encoding":"TEXT","protocolId":0,"messageClass":2,"numberOfParts":1,"creditCost":1,"status":{"id":"ACCEPTED.null","type":"ACCEPTED","subtype":null}}]"#),
                    .respond(status: 403, json: #"{"type":"https://developer.bulksms.com/json/v1/errors#insufficient-credits","title":"Insufficient Credits","status":403,"detail":"You do not have enough credits"}"#))
            fake.on(.get, "v1/profile", .respond(status: 200, json: #"{"id":"1","username":"acme","credits":{"balance":12,"isTransferAllowed":false}}"#))
            let integration = try await Self.integration(herald, fake, "bulk-sms", ["apiToken": "TOKENID:token-secret-1", "from": "AcmeInc"])
            Self.expectSent(await Self.send(herald), "1073741825")
            let request = fake.requests(to: "v1/messages").first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == Self.basic("TOKENID", "token-secret-1"))
            #expect(request?.json == .object(["to": .string(Self.to), "body": .string("Hello & bye"), "from": .string("AcmeInc")]))
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "insufficient-credits", status: 403)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "v1/profile", header: ("Authorization", Self.basic("TOKENID", "token-secret-1")))
        }
    }

    @Test func burstSMS() async throws {
        try await Self.run { fake, herald in
            fake.on("send-sms.json",
                    .respond(status: 200, json: #"{"message_id":19678156,"send_at":"2015-03-02 03:50:07","recipients":1,"cost":0.04,"sms":1,"error":{"code":"SUCCESS","description":"OK"}}"#),
                    .respond(status: 400, json: #"{"error":{"code":"LEDGER_ERROR","description":"Not enough funds to send this message"}}"#))
            fake.on(.get, "get-balance.json", .respond(status: 200, json: #"{"balance":100,"currency":"AUD","error":{"code":"SUCCESS","description":"OK"}}"#))
            let integration = try await Self.integration(herald, fake, "burst-sms", ["apiKey": "burst-key", "secretKey": "burst-secret-1"])
            Self.expectSent(await Self.send(herald, from: "Acme"), "19678156")
            let request = try #require(fake.requests(to: "send-sms.json").first)
            Self.expectForm(request)
            #expect(request.header("Authorization") == Self.basic("burst-key", "burst-secret-1"))
            #expect(Self.form(request) == "message=Hello+%26+bye&to=15558675310&from=Acme")
            Self.expectFailed(await Self.send(herald), "quota_exceeded", code: "LEDGER_ERROR", status: 400)
            try await herald.runtime.processor.check(integration)
            Self.expectChecked(fake, "get-balance.json", header: ("Authorization", Self.basic("burst-key", "burst-secret-1")))
        }
    }

    @Test func cmTelecom() async throws {
        try await Self.run { fake, herald in
            fake.on("v1.0/message",
                    .respond(status: 200, json: #"{"details":"Created 1 message(s)","errorCode":0,"messages":[{"to":"0015558675310","status":"Accepted","reference":"ref-1","parts":1,"messageDetails":null,"messageErrorCode":0}]}"#),
                    .respond(status: 400, json: #"{"details":"Authentication of the request failed","errorCode":101,"messages":[]}"#))
            _ = try await Self.integration(herald, fake, "cm-telecom", ["apiToken": "00000000-0000-0000-0000-000000000001", "from": "Acme"])
            let sent = await Self.send(herald)
            Self.expectSent(sent, "ref-1")
            let request = fake.requests(to: "v1.0/message").first
            Self.expectJSON(request)
            #expect(request?.header("X-CM-PRODUCTTOKEN") == "00000000-0000-0000-0000-000000000001")
            #expect(request?.json == .object(["messages": .object(["msg": .array([.object([
                "allowedChannels": .array([.string("SMS")]), "from": .string("Acme"),
                "to": .array([.object(["number": .string("0015558675310")])]),
                "body": .object(["type": .string("auto"), "content": .string("Hello & bye")]), "reference": .string(sent.id),
            ])])])]))
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: "101", status: 400)
        }
    }

    @Test func simpleTextingSendchampAndSmsmode() async throws {
        try await Self.run { fake, herald in
            fake.on("v2/api/messages", .respond(status: 201, json: #"{"id":"5f7c6b3e2a1b4c0012345678","credits":1}"#))
            _ = try await Self.integration(herald, fake, "simpletexting", ["apiKey": "st-key-1", "from": "5557122661"])
            Self.expectSent(await Self.send(herald), "5f7c6b3e2a1b4c0012345678")
            let simple = fake.requests(to: "v2/api/messages").first
            Self.expectJSON(simple)
            #expect(simple?.header("Authorization") == "Bearer st-key-1")
            #expect(simple?.json == .object([
                "contactPhone": .string(Self.to), "accountPhone": .string("5557122661"), "mode": .string("SINGLE_SMS_STRICTLY"),
                "text": .string("Hello & bye"),
            ]))
        }
        try await Self.run { fake, herald in
            fake.on("api/v1/sms/send",
                    .respond(status: 200, json: #"{"code":200,"data":{"id":"a1b2c3d4","business_id":"b-1","status":"sent","reference":"r-1"},"message":"Successfully sent","status":"success"}"#),
                    .respond(status: 401, json: #"{"code":401,"message":"Unauthorized","status":"error"}"#))
            _ = try await Self.integration(herald, fake, "sendchamp", ["apiKey": "sc-key-1", "from": "Acme"])
            Self.expectSent(await Self.send(herald, overrides: ["sendchamp": .object(["route": .string("dnd")])]), "a1b2c3d4")
            let request = fake.requests(to: "api/v1/sms/send").first
            Self.expectJSON(request)
            #expect(request?.header("Authorization") == "Bearer sc-key-1")
            #expect(request?.json == .object([
                "to": .array([.string("15558675310")]), "message": .string("Hello & bye"), "sender_name": .string("Acme"),
                "route": .string("dnd"),
            ]))
            Self.expectFailed(await Self.send(herald), "bad_credentials", code: nil, status: 401)
        }
        try await Self.run { fake, herald in
            fake.on("sms/v1/messages",
                    .respond(status: 201, json: #"{"messageId":"7d9b0a77-0c31-4b0c-9b7a-6f8d2c1e0a11","acceptedAt":"2024-01-01T10:00:00.000Z","status":{"value":"ENROUTE"}}"#))
            _ = try await Self.integration(herald, fake, "smsmode", ["apiKey": "sm-key-1", "from": "Acme"])
            Self.expectSent(await Self.send(herald), "7d9b0a77-0c31-4b0c-9b7a-6f8d2c1e0a11")
            let request = fake.requests(to: "sms/v1/messages").first
            Self.expectJSON(request)
            #expect(request?.header("X-Api-Key") == "sm-key-1")
            #expect(request?.json == .object([
                "recipient": .object(["to": .string(Self.to)]), "body": .object(["text": .string("Hello & bye")]), "from": .string("Acme"),
            ]))
        }
    }

    @Test func unifonic() async throws {
        try await Self.run { fake, herald in
            fake.on("rest/SMS/messages",
                    .respond(status: 200, json: #"{"success":true,"message":"","errorCode":"ER-00","data":{"MessageID":3000000012345,"CorrelationID":"","Status":"Sent","NumberOfUnits":1,"Cost":0.04,"Balance":"100","Recipient":"15558675310","CurrencyCode":"SAR"}}"#),
                    .respond(status: 480, json: #"{"success":false,"message":"This user cannot use specified SenderID","errorCode":"480","data":null}"#))
            _ = try await Self.integration(herald, fake, "unifonic", ["appSid": "app-sid-1", "senderId": "Acme", "from": "Acme"])
            let sent = await Self.send(herald)
            Self.expectSent(sent, "3000000012345")
            let request = try #require(fake.requests(to: "rest/SMS/messages").first)
            Self.expectForm(request)
            #expect(Self.form(request)
                == "AppSid=app-sid-1&SenderID=Acme&Recipient=15558675310&Body=Hello+%26+bye&responseType=JSON&CorrelationID=\(sent.id)")
            Self.expectFailed(await Self.send(herald), "misconfigured", code: "480", status: 480)
        }
    }
}
