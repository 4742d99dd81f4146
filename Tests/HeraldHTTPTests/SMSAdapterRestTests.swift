import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Testing

/// RingCentral, Kannel, Mobishastra, Maqsam, SMS Central, iSend and iSendPro against loopback fakes: the documented
/// request, the id from the documented success body, a documented error classified, and the check where there is one.
@Suite(.timeLimit(.minutes(2))) struct SMSAdapterRestTests {
    typealias Base = SMSAdapterTests

    /// An active SMS integration whose `baseUrl` is `baseUrl` (the fake's root unless given; none when nil).
    static func integration(
        _ herald: TestHerald, _ provider: String, _ credentials: [String: String], baseUrl: String?
    ) async throws -> Integration {
        var values = credentials.mapValues(JSONValue.string)
        if let baseUrl { values["baseUrl"] = .string(baseUrl) }
        return try await ProviderAdapterTests.create(herald, provider, .sms, values)
    }

    static func expectNoCheck(_ herald: TestHerald, _ integration: Integration, sourceLocation: SourceLocation = #_sourceLocation) async {
        await Base.expectCheckFails(herald, integration, .misconfigured, code: nil, sourceLocation: sourceLocation)
    }

    @Test func ringCentral() async throws {
        try await Base.run { fake, herald in
            let sms = "restapi/v1.0/account/~/extension/~/sms"
            let token = #"{"access_token":"%@","token_type":"bearer","expires_in":3600,"refresh_token":"U1BCMDFUMDRKV1MwMXyYdKNK","refresh_token_expires_in":604800,"scope":"SMS ReadMessages","owner_id":"256440016"}"#
            fake.on("restapi/oauth/token",
                    .respond(status: 200, json: token.replacingOccurrences(of: "%@", with: "access-one")),
                    .respond(status: 200, json: token.replacingOccurrences(of: "%@", with: "access-two")),
                    .respond(status: 200, json: token.replacingOccurrences(of: "%@", with: "access-three")),
                    .respond(status: 400, json: #"{"error":"invalid_grant","errors":[{"errorCode":"OAU-140","message":"Invalid resource owner credentials"}],"error_description":"Invalid resource owner credentials"}"#))
            let record = #"{"uri":"https://platform.ringcentral.com/restapi/v1.0/account/2417000004/extension/2417000004/message-store/%@","id":%@,"to":[{"phoneNumber":"+15558675310"}],"from":{"phoneNumber":"+16505550100"},"type":"SMS","creationTime":"2024-10-24T10:00:00.000Z","direction":"Outbound","subject":"Hello & bye","messageStatus":"Queued","smsSendingAttemptsCount":1}"#
            fake.on(sms,
                    .respond(status: 200, json: record.replacingOccurrences(of: "%@", with: "1724099032020")),
                    .respond(status: 200, json: record.replacingOccurrences(of: "%@", with: "1724099032021")),
                    .respond(status: 401, json: #"{"errorCode":"TokenInvalid","message":"Token not found","errors":[{"errorCode":"OAU-213","message":"Token not found"}]}"#),
                    .respond(status: 200, json: record.replacingOccurrences(of: "%@", with: "1724099032022")),
                    .respond(status: 429, json: #"{"errorCode":"CMN-301","message":"Request rate exceeded","errors":[{"errorCode":"CMN-301","message":"Request rate exceeded"}]}"#, headers: ["Retry-After": "60"]))
            let integration = try await Self.integration(herald, "ring-central", [
                "clientId": "rc-client-1", "secretKey": "rc-secret-1", "token": "eyJraWQiOiJ1c2VyLWp3dCJ9.jwt-1", "from": "+16505550100",
            ], baseUrl: fake.url(""))
            Base.expectSent(await Base.send(herald, overrides: ["ring-central": .object(["country": .object(["isoCode": .string("US")])])]),
                            "1724099032020")
            let login = fake.requests(to: "restapi/oauth/token").first
            Base.expectForm(login)
            #expect(login?.header("Authorization") == Base.basic("rc-client-1", "rc-secret-1"))
            #expect(login.map(Base.form) == "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJraWQiOiJ1c2VyLWp3dCJ9.jwt-1")
            let first = fake.requests(to: sms).first
            Base.expectJSON(first)
            #expect(first?.header("Authorization") == "Bearer access-one")
            #expect(first?.json == .object([
                "from": .object(["phoneNumber": .string("+16505550100")]), "to": .array([.object(["phoneNumber": .string(Base.to)])]),
                "text": .string("Hello & bye"), "country": .object(["isoCode": .string("US")]),
            ]))
            // The token is cached: the second send logs in no more.
            Base.expectSent(await Base.send(herald), "1724099032021")
            #expect(fake.requests(to: "restapi/oauth/token").count == 1)
            // A 401 drops the token; the send is tried once more with a fresh one.
            Base.expectSent(await Base.send(herald), "1724099032022")
            #expect(fake.requests(to: "restapi/oauth/token").count == 2)
            #expect(fake.requests(to: sms).map { $0.header("Authorization") ?? "" }.suffix(2) == ["Bearer access-one", "Bearer access-two"])
            Base.expectFailed(await Base.send(herald), "rate_limited", code: "CMN-301", status: 429)
            try await herald.runtime.processor.check(integration)
            await Base.expectCheckFails(herald, integration, .badCredentials, code: "OAU-140")
        }
    }

    @Test func ringCentralFetchesOneTokenForConcurrentSends() async throws {
        try await Base.run { fake, herald in
            fake.on("restapi/oauth/token", .delay(.milliseconds(200), then: .respond(
                status: 200, json: #"{"access_token":"access-one","token_type":"bearer","expires_in":3600}"#)))
            fake.on("restapi/v1.0/account/~/extension/~/sms", .respond(status: 200, json: #"{"id":1724099032020,"type":"SMS","messageStatus":"Queued"}"#))
            _ = try await Self.integration(herald, "ring-central", [
                "clientId": "rc-client-1", "secretKey": "rc-secret-1", "token": "eyJraWQiOiJ1c2VyLWp3dCJ9.jwt-1", "from": "+16505550100",
            ], baseUrl: fake.url(""))
            var request = DeliveryRequest(channel: .sms, to: .init(phone: Base.to), content: .init(content: "Hello"))
            request.content.from = nil
            let batch = (0..<8).map { _ in DeliveryTests.delivery(herald, request) }
            let results = await herald.runtime.processor.process(batch, logger: herald.logger)
            #expect(results.allSatisfy { $0.status == .sent })
            #expect(fake.requests(to: "restapi/oauth/token").count == 1)
            #expect(fake.requests(to: "restapi/v1.0/account/~/extension/~/sms").count == 8)
        }
    }

    @Test func kannel() async throws {
        try await Base.run { fake, herald in
            fake.on(.get, "cgi-bin/sendsms", .respond(status: 202, json: "0: Accepted for delivery"),
                    .respond(status: 403, json: "Authorization failed for sendsms"))
            let port = try #require(URL(string: fake.url(""))?.port)
            let integration = try await Self.integration(herald, "kannel", [
                "host": "127.0.0.1", "port": String(port), "user": "tester", "password": "kannel-pass-1", "from": "AcmeInc",
            ], baseUrl: nil)
            let sent = await Base.send(herald, content: "Grüße", overrides: ["kannel": .object(["dlr-mask": .number(31)])])
            #expect(sent.status == .sent)
            #expect(sent.attempts.first?.messageId == nil)
            let request = fake.requests(to: "cgi-bin/sendsms").first
            #expect(request?.method == "GET")
            #expect(request?.query == "username=tester&password=kannel-pass-1&from=AcmeInc&to=%2B15558675310&text=Gr%C3%BC%C3%9Fe"
                + "&coding=2&charset=UTF-8&dlr-mask=31")
            Base.expectFailed(await Base.send(herald), "bad_credentials", code: nil, status: 403)
            await Self.expectNoCheck(herald, integration)
        }
    }

    @Test func mobishastra() async throws {
        try await Base.run { fake, herald in
            fake.on("sendsms_api_json.aspx", .respond(status: 200, json: #"[{"msg_id":"123 ","str_response":"Message Sent"}]"#),
                    .respond(status: 200, json: #"[{"msg_id":"","str_response":"Invalid Password"}]"#))
            let integration = try await Self.integration(herald, "mobishastra", [
                "user": "profile-user", "password": "mobi-pass-1", "from": "AcmeInc",
            ], baseUrl: fake.url("sendsms_api_json.aspx"))
            Base.expectSent(await Base.send(herald, overrides: ["mobishastra": .object(["language": .string("English")])]), "123")
            let request = fake.requests(to: "sendsms_api_json.aspx").first
            Base.expectJSON(request)
            #expect(request?.json == .array([.object([
                "Sender": .string("AcmeInc"), "number": .string(Base.to), "msg": .string("Hello & bye"), "user": .string("profile-user"),
                "pwd": .string("mobi-pass-1"), "language": .string("English"),
            ])]))
            // Free text is not recorded as a provider code (DeliveryAttempt.code), only in the error.
            Base.expectFailed(await Base.send(herald), "bad_credentials", code: nil, status: 200)
            await Self.expectNoCheck(herald, integration)
        }
    }

    @Test func maqsam() async throws {
        try await Base.run { fake, herald in
            fake.on("v2/sms", .respond(status: 200, json: #"{"message":{"identifier":"23937e6e6ea74726b659aba17d4d73aa","timestamp":1679313103}}"#),
                    .respond(status: 401, json: #"{"result":"failure","message":"Authentication failed"}"#))
            let integration = try await Self.integration(herald, "maqsam", [
                "apiKey": "maqsam-id-1", "secretKey": "maqsam-secret-1", "from": "Acme",
            ], baseUrl: fake.url(""))
            Base.expectSent(await Base.send(herald, from: "AcmeOps"), "23937e6e6ea74726b659aba17d4d73aa")
            let request = fake.requests(to: "v2/sms").first
            Base.expectJSON(request)
            #expect(request?.header("Authorization") == Base.basic("maqsam-id-1", "maqsam-secret-1"))
            #expect(request?.json == .object(["to": .string(Base.to), "message": .string("Hello & bye"), "sender": .string("AcmeOps")]))
            Base.expectFailed(await Base.send(herald), "bad_credentials", code: nil, status: 401)
            await Self.expectNoCheck(herald, integration)
        }
    }

    @Test func smsCentral() async throws {
        try await Base.run { fake, herald in
            fake.on("api/v3.2", .respond(status: 200, json: "0"), .respond(status: 200, json: "1"))
            let integration = try await Self.integration(herald, "sms-central", [
                "user": "acme@example.test", "password": "central-pass-1", "from": "Acme",
            ], baseUrl: fake.url("api/v3.2"))
            let sent = await Base.send(herald, overrides: ["sms-central": .object(["CAMPAIGN": .string("onboarding")])])
            Base.expectSent(sent, sent.id)
            let request = fake.requests(to: "api/v3.2").first
            Base.expectForm(request)
            #expect(request.map(Base.form) == "USERNAME=acme%40example.test&PASSWORD=central-pass-1&ACTION=send&ORIGINATOR=Acme"
                + "&RECIPIENT=15558675310&MESSAGE_TEXT=Hello+%26+bye&REFERENCE=\(sent.id)&CAMPAIGN=onboarding")
            Base.expectFailed(await Base.send(herald), "rejected", code: "1", status: 200)
            await Self.expectNoCheck(herald, integration)
        }
    }

    @Test func iSend() async throws {
        try await Base.run { fake, herald in
            fake.on("api/v3/sms/send",
                    .respond(status: 200, json: #"{"status":"success","message":"Your message was successfully delivered","data":{"uid":"6690d2a4c0a15","to":"15558675310","message":"Hello & bye","status":"Delivered","sms_type":"plain","sms_count":1,"cost":1}}"#),
                    .respond(status: 200, json: #"{"status":"error","message":"Sender ID is not authorized"}"#))
            let integration = try await Self.integration(herald, "isend-sms", [
                "apiToken": "isend-token-1", "from": "Acme", "contentType": "plain",
            ], baseUrl: fake.url(""))
            Base.expectSent(await Base.send(herald), "6690d2a4c0a15")
            let request = fake.requests(to: "api/v3/sms/send").first
            Base.expectJSON(request)
            #expect(request?.header("Authorization") == "Bearer isend-token-1")
            #expect(request?.json == .object([
                "sender_id": .string("Acme"), "recipient": .string("15558675310"), "type": .string("plain"), "message": .string("Hello & bye"),
            ]))
            Base.expectFailed(await Base.send(herald), "rejected", code: "error", status: 200)
            await Self.expectNoCheck(herald, integration)
        }
    }

    @Test func iSendPro() async throws {
        try await Base.run { fake, herald in
            fake.on("cgi-bin/sms",
                    .respond(status: 200, json: #"{"etat":{"etat":[{"code":0,"tel":"15558675310","message":"Votre message a bien ete envoye"}]}}"#),
                    .respond(status: 200, json: #"{"etat":{"etat":[{"code":"21","tel":"15558675310","message":"Le numéro de téléphone n'est pas attribué!"}]}}"#))
            fake.on(.get, "cgi-bin/credit", .respond(status: 200, json: #"{"etat":{"credit":"24.09"}}"#),
                    .respond(status: 200, json: #"{"etat":{"etat":{"code":"1","message":"Cle API invalide"}}}"#))
            let integration = try await Self.integration(herald, "isendpro-sms", ["apiKey": "a296464ce012b8ab710a"], baseUrl: fake.url(""))
            let sent = await Base.send(herald, from: "Acme", overrides: ["isendpro-sms": .object(["nostop": .string("1")])])
            Base.expectSent(sent, sent.id)
            let request = fake.requests(to: "cgi-bin/sms").first
            Base.expectJSON(request)
            #expect(request?.json == .object([
                "keyid": .string("a296464ce012b8ab710a"), "num": .string("15558675310"), "sms": .string("Hello & bye"),
                "emetteur": .string("Acme"), "tracker": .string(sent.id), "smslong": .string("999"), "nostop": .string("1"),
            ]))
            Base.expectFailed(await Base.send(herald), "invalid_recipient", code: "21", status: 200)
            try await herald.runtime.processor.check(integration)
            #expect(fake.requests(to: "cgi-bin/credit").first?.query == "keyid=a296464ce012b8ab710a&credit=1")
            await Base.expectCheckFails(herald, integration, .badCredentials, code: "1")
        }
    }
}
