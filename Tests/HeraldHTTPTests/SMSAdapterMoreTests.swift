import Crypto
import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import Testing

/// Azure Communication Services SMS, Bandwidth, Gupshup, AfroMessage, Eazy and iMedia against loopback fakes: the
/// documented request (method, path, auth, content type, every body field), the id from the documented success body,
/// documented errors classified, and the check where the provider has one.
@Suite(.timeLimit(.minutes(2))) struct SMSAdapterMoreTests {
    typealias SMS = SMSAdapterTests
    static let azureKey = "aGVyYWxkLXRlc3Qta2V5"   // base64 of "herald-test-key"

    @Test func azureSignsTheRequestWithTheConnectionStringKey() async throws {
        try await SMS.run { fake, herald in
            fake.on("sms",
                    .respond(status: 202, json: #"{"value":[{"to":"+15558675310","messageId":"Outgoing_20241024100000_3f2a","httpStatusCode":202,"repeatabilityResult":"accepted","successful":true}]}"#),
                    .respond(status: 202, json: #"{"value":[{"to":"+15558675310","httpStatusCode":400,"repeatabilityResult":"accepted","successful":false,"errorMessage":"Invalid To phone number format."}]}"#),
                    .respond(status: 401, json: #"{"error":{"code":"Denied","message":"Denied by the resource provider."}}"#))
            _ = try await SMS.integration(herald, fake, "azure-sms", [
                "accessKey": "endpoint=https://acme.communication.azure.com/;accesskey=\(Self.azureKey)", "from": "+18005550100",
            ])
            let sent = await SMS.send(herald, overrides: ["azure-sms": .object(["smsSendOptions": .object(["enableDeliveryReport": .bool(true), "tag": .string("welcome")])])])
            SMS.expectSent(sent, "Outgoing_20241024100000_3f2a")
            let request = try #require(fake.requests(to: "sms").first)
            SMS.expectJSON(request)
            let created = try #require(AzureSMSAdapter.creationDate(sent.id))
            #expect(request.json == .object([
                "from": .string("+18005550100"), "message": .string("Hello & bye"),
                "smsRecipients": .array([.object([
                    "to": .string(SMS.to), "repeatabilityRequestId": .string(EmailAPI.uuid(sent.id)),
                    "repeatabilityFirstSent": .string(AzureSMSAdapter.httpDate(created)),
                ])]),
                "smsSendOptions": .object(["enableDeliveryReport": .bool(true), "tag": .string("welcome")]),
            ]))
            // The signature covers exactly what arrived: path and query, date, host and body hash.
            let hash = Data(SHA256.hash(data: request.body)).base64EncodedString()
            #expect(request.header("x-ms-content-sha256") == hash)
            let date = try #require(request.header("x-ms-date"))
            let host = String(fake.url("").dropFirst("http://".count).dropLast())
            let toSign = "POST\n/sms?api-version=2021-03-07\n\(date);\(host);\(hash)"
            let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: SymmetricKey(data: Data("herald-test-key".utf8))))
            #expect(request.header("Authorization") == "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signature.base64EncodedString())")
            SMS.expectFailed(await SMS.send(herald), "rejected", code: "400", status: 202)
            SMS.expectFailed(await SMS.send(herald), "bad_credentials", code: "Denied", status: 401)
        }
    }

    @Test func azureSignatureMatchesAnIndependentVector() throws {
        let headers = try AzureSMSAdapter.signedHeaders(
            "POST", url: "https://myres.communication.azure.com/sms?api-version=2021-03-07", body: Array(#"{"message":"Hello"}"#.utf8),
            key: Array("herald-test-key".utf8), date: Date(timeIntervalSince1970: 1_729_764_000))
        #expect(headers.map { "\($0.0): \($0.1)" } == [
            "x-ms-date: Thu, 24 Oct 2024 10:00:00 GMT", "x-ms-content-sha256: vQ1idAbORUOasXueJu1W3mZlF+AHBdTqhXVO9iS+KOQ=",
            "Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=SkCAx1M3zJm3MTiC4II5Qg/w5US2Wp9fICXnfY7y+rQ=",
        ])
        let (endpoint, key) = try AzureSMSAdapter.connection("Endpoint=https://myres.communication.azure.com/;AccessKey=\(Self.azureKey)")
        #expect(endpoint == "https://myres.communication.azure.com" && key == Array("herald-test-key".utf8))
        #expect(throws: ProviderFailure.self) { try AzureSMSAdapter.connection("accesskey=\(Self.azureKey)") }
    }

    @Test func bandwidth() async throws {
        try await SMS.run { fake, herald in
            let path = "api/v2/users/9900001/messages"
            fake.on(path,
                    .respond(status: 202, json: #"{"id":"1589228074636lm4k2je7j7jklbn2","owner":"+15557122661","applicationId":"93de2206-9669-4e07-948d-329f4b722ee2","time":"2024-10-24T10:00:00.000Z","segmentCount":1,"direction":"out","to":["+15558675310"],"from":"+15557122661","text":"Hello & bye"}"#),
                    .respond(status: 400, json: #"{"type":"request-validation","description":"Your request could not be accepted","fieldErrors":[{"fieldName":"to","description":"'+1555' must be replaced with a valid E164 formatted telephone number"}]}"#))
            fake.on(.get, path, .respond(status: 200, json: #"{"totalCount":0,"pageInfo":{},"messages":[]}"#),
                    .respond(status: 401, json: #"{"type":"authentication-error","description":"Invalid credentials"}"#))
            let integration = try await SMS.integration(herald, fake, "bandwidth", [
                "user": "api-user", "password": "bw-pass-1", "accountSid": "9900001", "from": "+15557122661",
            ])
            let sent = await SMS.send(herald, overrides: ["bandwidth": .object(["applicationId": .string("93de2206-9669-4e07-948d-329f4b722ee2")])])
            SMS.expectSent(sent, "1589228074636lm4k2je7j7jklbn2")
            let request = fake.requests(to: path).first
            SMS.expectJSON(request)
            #expect(request?.header("Authorization") == SMS.basic("api-user", "bw-pass-1"))
            #expect(request?.json == .object([
                "applicationId": .string("93de2206-9669-4e07-948d-329f4b722ee2"), "to": .array([.string(SMS.to)]),
                "from": .string("+15557122661"), "text": .string("Hello & bye"), "tag": .string(sent.id),
            ]))
            SMS.expectFailed(await SMS.send(herald), "rejected", code: "request-validation", status: 400)
            try await herald.runtime.processor.check(integration)
            await SMS.expectCheckFails(herald, integration, .badCredentials, code: "authentication-error")
            SMS.expectChecked(fake, path, header: ("Authorization", SMS.basic("api-user", "bw-pass-1")))
        }
    }

    @Test func gupshupPostsTheFormAndReadsTheTextAnswer() async throws {
        try await SMS.run { fake, herald in
            let path = "GatewayAPI/rest"
            fake.on(path, .respond(status: 200, json: "success | 15558675310 | 3934580232349028371-383785939846\n"),
                    .respond(status: 200, json: #"error | 175 | The "INTERNATIONAL_PHONE" service is disabled for you. Kindly get the service enabled before using this action"#))
            _ = try await SMS.integration(herald, fake, "gupshup", ["user": "2000155005", "password": "gs-pass-1"])
            let sent = await SMS.send(herald, content: "Grüße", from: "ACMEIN", overrides: ["gupshup": .object(["dltTemplateId": .string("1107161")])])
            SMS.expectSent(sent, "3934580232349028371-383785939846")
            let request = fake.requests(to: path).first
            SMS.expectForm(request)
            #expect(request.map(SMS.form) ==
                "method=SendMessage&send_to=15558675310&msg=Gr%C3%BC%C3%9Fe&msg_type=UNICODE_TEXT&userid=2000155005&password=gs-pass-1"
                + "&auth_scheme=plain&v=1.1&format=text&mask=ACMEIN&dltTemplateId=1107161")
            SMS.expectFailed(await SMS.send(herald), "misconfigured", code: "175", status: 200)
        }
    }

    @Test func afroMessage() async throws {
        try await SMS.run { fake, herald in
            fake.on("api/send",
                    .respond(status: 200, json: #"{"acknowledge":"success","response":{"code":"202","message_id":"a1b2c3d4-0000-4a5b-9c8d-000000000001","message":"SMS is queued for delivery","to":"+15558675310","status":"Queued"}}"#),
                    .respond(status: 200, json: #"{"acknowledge":"error","response":{"errors":["Identifier is not valid or does not belong to you."]}}"#))
            _ = try await SMS.integration(herald, fake, "afro-message", [
                "apiKey": "afro-token-1", "senderName": "AcmeInc", "from": "e80ad9d8-adf3-463f-80f4-7c4b39f7f164",
            ])
            SMS.expectSent(await SMS.send(herald, overrides: ["afro-message": .object(["callback": .string("https://hooks.acme.test/afro")])]),
                           "a1b2c3d4-0000-4a5b-9c8d-000000000001")
            let request = fake.requests(to: "api/send").first
            SMS.expectJSON(request)
            #expect(request?.header("Authorization") == "Bearer afro-token-1")
            #expect(request?.json == .object([
                "from": .string("e80ad9d8-adf3-463f-80f4-7c4b39f7f164"), "sender": .string("AcmeInc"), "to": .string(SMS.to),
                "message": .string("Hello & bye"), "callback": .string("https://hooks.acme.test/afro"),
            ]))
            SMS.expectFailed(await SMS.send(herald), "rejected", code: nil, status: 200)
        }
    }

    @Test func eazy() async throws {
        try await SMS.run { fake, herald in
            let path = "v3/channels/chan-42/messages/+15558675310@sms.eazy.im"
            fake.on(path, .respond(status: 201, json: #"{"id":"msg_01HB7ZK3","status":"queued"}"#),
                    .respond(status: 401, json: #"{"message":"Unauthenticated."}"#))
            _ = try await SMS.integration(herald, fake, "eazy-sms", ["apiKey": "eazy-key-1", "channelId": "chan-42"])
            SMS.expectSent(await SMS.send(herald), "msg_01HB7ZK3")
            let request = fake.requests(to: path).first
            SMS.expectJSON(request)
            #expect(request?.header("Authorization") == "Bearer eazy-key-1")
            #expect(request?.json == .object(["message": .object(["type": .string("text"), "text": .string("Hello & bye")])]))
            SMS.expectFailed(await SMS.send(herald), "bad_credentials", code: nil, status: 401)
        }
    }

    @Test func iMedia() async throws {
        try await SMS.run { fake, herald in
            let path = "api/SMSBrandname/SendSMS"
            fake.on(path,
                    .respond(status: 200, json: #"{"sendMessage":{"to":"15558675310","telco":"","type":1,"from":"ACME","message":"Hello & bye","scheduled":"","requestId":"r","useUnicode":0,"ext":{}},"msgLength":11,"mtCount":1,"account":"acme","errorCode":"000","errorMessage":"","referentId":"3eb39535e5bb4b35bd22bc4b4b0991b0"}"#),
                    .respond(status: 200, json: #"{"msgLength":0,"mtCount":0,"account":"acme","errorCode":"101","errorMessage":"Brandname is not registered","referentId":""}"#))
            _ = try await SMS.integration(herald, fake, "imedia", ["token": "imedia-token-1", "from": "ACME"])
            let sent = await SMS.send(herald)
            SMS.expectSent(sent, "3eb39535e5bb4b35bd22bc4b4b0991b0")
            let request = fake.requests(to: path).first
            SMS.expectJSON(request)
            #expect(request?.header("token") == "imedia-token-1")
            #expect(request?.json == .object([
                "to": .string("15558675310"), "from": .string("ACME"), "message": .string("Hello & bye"), "scheduled": .string(""),
                "requestId": .string(sent.id), "useUnicode": .number(0), "type": .number(1),
            ]))
            SMS.expectFailed(await SMS.send(herald), "rejected", code: "101", status: 200)
        }
    }
}
