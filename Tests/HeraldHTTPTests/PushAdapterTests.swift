import Crypto
import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import Testing
import _CryptoExtras

/// The push provider adapters against loopback fakes: each sends its documented request (method, path, auth, every
/// body field the push options map to), records the id from the documented success body, lists a dead token as a
/// failed recipient while the others are sent, fails the attempt when every token failed, classifies a documented
/// error body, and runs its check where the provider has one. FCM signs its token with a key made here, and the fake's
/// requests are verified with the public key. APNs (HTTP/2 over TLS) is in ``APNsAdapterTests``.
@Suite(.timeLimit(.minutes(2))) struct PushAdapterTests {
    /// Starts a fake and a Herald, runs the body, and asserts no unscripted call reached the fake.
    static func run(_ body: (FakeProviderServer, TestHerald) async throws -> Void) async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in try await body(fake, herald) }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    /// An active push integration of `provider` whose `baseUrl` is the fake.
    static func integration(
        _ herald: TestHerald, _ fake: FakeProviderServer, _ provider: String, _ credentials: [String: JSONValue]
    ) async throws -> Integration {
        var values = credentials
        values["baseUrl"] = .string(fake.url(""))
        return try await ProviderAdapterTests.create(herald, provider, .push, values)
    }

    /// Every push option set.
    static var options: DeliveryRequest.Content.PushOptions {
        var options = DeliveryRequest.Content.PushOptions()
        options.sound = "chime.caf"
        options.badge = 3
        options.imageUrl = "https://cdn.acme.test/box.png"
        options.clickAction = "https://acme.test/orders/A-17"
        options.threadId = "orders"
        options.category = "ORDER"
        options.priority = "high"
        options.ttl = 600
        options.collapseKey = "order-A-17"
        return options
    }

    static let data: JSONValue = .object(["orderId": .string("A-17"), "count": .number(3)])

    /// Processes one push delivery (with the delivery id `id`, when given).
    static func send(_ herald: TestHerald, _ tokens: [String], options: DeliveryRequest.Content.PushOptions = options,
                     title: String = "Order shipped", overrides: [String: JSONValue] = [:], id: String? = nil) async -> Delivery {
        var request = DeliveryRequest(
            channel: .push, to: .init(deviceTokens: tokens), content: .init(title: title, body: "Arrives Friday", data: data))
        request.content.push = options
        request.overrides = overrides.isEmpty ? nil : overrides
        var delivery = DeliveryTests.delivery(herald, request)
        if let id { delivery.id = id }
        return await herald.runtime.processor.process(delivery, logger: herald.logger)
    }

    /// The attempt was sent with that id, and exactly `failed` tokens are listed as invalid.
    static func expectSent(_ delivery: Delivery, _ id: String?, failed: [String] = [],
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let attempt = delivery.attempts.first
        #expect(delivery.status == .sent, "\(String(describing: attempt))", sourceLocation: sourceLocation)
        #expect(attempt?.messageId == id, sourceLocation: sourceLocation)
        #expect(Set(attempt?.failedRecipients?.map(\.address) ?? []) == Set(failed), sourceLocation: sourceLocation)
        #expect(attempt?.failedRecipients?.allSatisfy { $0.reason == "invalid_device_token" } ?? true, sourceLocation: sourceLocation)
    }

    static func expectFailed(_ delivery: Delivery, _ reason: String, code: String?, status: Int?,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let attempt = delivery.attempts.first
        #expect(attempt?.outcome != .sent, sourceLocation: sourceLocation)
        #expect(attempt?.reason == reason, "\(String(describing: attempt?.error))", sourceLocation: sourceLocation)
        #expect(attempt?.providerCode == code, sourceLocation: sourceLocation)
        #expect(attempt?.httpStatus == status, sourceLocation: sourceLocation)
    }

    /// The check says the provider has none.
    static func expectNoCheck(_ herald: TestHerald, _ integration: Integration, sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await herald.runtime.processor.check(integration)
            Issue.record("the check passed", sourceLocation: sourceLocation)
        } catch let failure as ProviderFailure {
            #expect(failure.message.contains("offers no check"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    /// A JWT's header, claims, signing input and signature bytes.
    static func jwt(_ token: String) throws -> (header: JSONValue, claims: JSONValue, input: String, signature: Data) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        return (try JSONValue.parse(try #require(base64URL(parts[0]))), try JSONValue.parse(try #require(base64URL(parts[1]))),
                "\(parts[0]).\(parts[1])", try #require(base64URL(parts[2])))
    }

    // MARK: - Expo

    @Test func expo() async throws {
        try await Self.run { fake, herald in
            let path = "--/api/v2/push/send"
            fake.on(path,
                    .respond(status: 200, json: #"{"data":[{"status":"ok","id":"XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX"},{"status":"error","message":"\"ExponentPushToken[dead]\" is not a registered push notification recipient","details":{"error":"DeviceNotRegistered","expoPushToken":"ExponentPushToken[dead]"}}]}"#),
                    .respond(status: 400, json: #"{"errors":[{"code":"PUSH_TOO_MANY_EXPERIENCE_IDS","message":"All push notification messages in the same request must be for the same project; check the details field to investigate conflicting tokens."}]}"#))
            let integration = try await Self.integration(herald, fake, "expo", ["apiKey": .string("expo-access-token-1")])
            let tokens = ["ExponentPushToken[live]", "ExponentPushToken[dead]"]
            let sent = await Self.send(herald, tokens, overrides: ["expo": .object(["channelId": .string("orders")])])
            Self.expectSent(sent, "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX", failed: ["ExponentPushToken[dead]"])
            #expect(sent.attempts.first?.failedRecipients?.first?.error.contains("DeviceNotRegistered") == true)
            let request = try #require(fake.requests(to: path).first)
            #expect(request.method == "POST" && request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == "Bearer expo-access-token-1")
            let messages = try #require(request.json.arrayValue)
            #expect(messages.count == 2)
            #expect(messages.first == .object([
                "to": .string("ExponentPushToken[live]"), "title": .string("Order shipped"), "body": .string("Arrives Friday"),
                "data": Self.data, "sound": .string("chime.caf"), "badge": .number(3), "ttl": .number(600),
                "priority": .string("high"), "categoryId": .string("ORDER"), "channelId": .string("orders"),
            ]))
            #expect(messages.last?.value(atPath: "to") == .string("ExponentPushToken[dead]"))
            Self.expectFailed(await Self.send(herald, tokens), "rejected", code: "PUSH_TOO_MANY_EXPERIENCE_IDS", status: 400)
            await Self.expectNoCheck(herald, integration)
        }
    }

    @Test func expoFailsWhenEveryTicketFailed() async throws {
        try await Self.run { fake, herald in
            fake.on("--/api/v2/push/send", .respond(status: 200, json: #"{"data":[{"status":"error","message":"Too many messages","details":{"error":"MessageRateExceeded"}}]}"#))
            _ = try await Self.integration(herald, fake, "expo", ["apiKey": .string("expo-access-token-1")])
            Self.expectFailed(await Self.send(herald, ["ExponentPushToken[a]"]), "rate_limited", code: "MessageRateExceeded", status: 200)
        }
    }

    // MARK: - OneSignal

    @Test(arguments: [false, true]) func oneSignal(appKey: Bool) async throws {
        try await Self.run { fake, herald in
            let appId = "202d4f61-1ca9-42df-9d36-bb17d8123abc"
            let key = appKey ? "os_v2_app_abcdefghijklmnop" : "NGEwZmZjZDgtOTZhNC00ZWZlLTg4ZGUtNjRmMjQ4NTg3ZmVh"
            fake.on("notifications",
                    .respond(status: 200, json: #"{"id":"b98881cc-1e94-4366-bbd9-db8f3429292b","external_id":null,"errors":{"invalid_player_ids":["dead-sub"],"invalid_aliases":{"external_id":["dead-sub"]}}}"#),
                    .respond(status: 200, json: #"{"id":"","errors":["All included players are not subscribed"]}"#),
                    .respond(status: 400, json: #"{"errors":["Message Notifications must have English language content"]}"#))
            fake.on(.get, "notifications", .respond(status: 200, json: #"{"total_count":1,"offset":0,"limit":1,"notifications":[]}"#))
            var credentials: [String: JSONValue] = ["applicationId": .string(appId), "apiKey": .string(key)]
            if appKey { credentials["apiVersion"] = .string("externalId") }
            let integration = try await Self.integration(herald, fake, "one-signal", credentials)
            let sent = await Self.send(herald, ["live-sub", "dead-sub"], id: "66f2a1b3c4d5e6f708192a3b")
            Self.expectSent(sent, "b98881cc-1e94-4366-bbd9-db8f3429292b", failed: ["dead-sub"])
            let request = try #require(fake.requests(to: "notifications").first)
            #expect(request.method == "POST" && request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == (appKey ? "Key " : "Basic ") + key)
            var expected: [String: JSONValue] = [
                "app_id": .string(appId), "target_channel": .string("push"),
                "headings": .object(["en": .string("Order shipped")]), "contents": .object(["en": .string("Arrives Friday")]),
                "data": Self.data, "ios_sound": .string("chime.caf"), "ios_badgeType": .string("SetTo"), "ios_badgeCount": .number(3),
                "big_picture": .string("https://cdn.acme.test/box.png"), "chrome_web_image": .string("https://cdn.acme.test/box.png"),
                "ios_attachments": .object(["image": .string("https://cdn.acme.test/box.png")]),
                "url": .string("https://acme.test/orders/A-17"), "thread_id": .string("orders"), "ios_category": .string("ORDER"),
                "priority": .number(10), "ttl": .number(600), "collapse_id": .string("order-A-17"),
            ]
            // A name-based UUID of the delivery id (the same on every attempt): this id always gives this key.
            expected["idempotency_key"] = .string("687cadf0-af16-5c4f-98a0-d0c3c6955697")
            let tokens = JSONValue.array([.string("live-sub"), .string("dead-sub")])
            if appKey { expected["include_aliases"] = .object(["external_id": tokens]) } else { expected["include_subscription_ids"] = tokens }
            #expect(request.json == .object(expected))
            Self.expectFailed(await Self.send(herald, ["gone-sub"]), "invalid_device_token", code: nil, status: 200)
            // OneSignal's errors are sentences: not recorded as a provider code, only in the error.
            Self.expectFailed(await Self.send(herald, ["live-sub"]), "rejected", code: nil, status: 400)
            try await herald.runtime.processor.check(integration)
            let check = try #require(fake.requests(to: "notifications").last)
            #expect(check.method == "GET" && check.header("Authorization") == (appKey ? "Key " : "Basic ") + key)
        }
    }

    // MARK: - Pusher Beams

    @Test func pusherBeams() async throws {
        try await Self.run { fake, herald in
            let instance = "8f3c1c8e-0f4b-4a8c-9a7e-2b5d0f9e6c11"
            let path = "publish_api/v1/instances/\(instance)/publishes/users"
            fake.on(path, .respond(status: 200, json: #"{"publishId":"pubid-a5a1f1e4-5c2d-4b0e-9c62-1f2a3b4c5d6e"}"#),
                    .respond(status: 401, json: #"{"error":"Unauthorized","description":"Incorrect API Key"}"#))
            let integration = try await Self.integration(herald, fake, "pusher-beams", [
                "instanceId": .string(instance), "secretKey": .string("beams-secret-1"),
            ])
            let sent = await Self.send(herald, ["user-1", "user-2"], overrides: [
                "pusher-beams": .object(["fcm": .object(["notification": .object(["icon": .string("ic_box")])])]),
            ])
            Self.expectSent(sent, "pubid-a5a1f1e4-5c2d-4b0e-9c62-1f2a3b4c5d6e")
            let request = try #require(fake.requests(to: path).first)
            #expect(request.method == "POST" && request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == "Bearer beams-secret-1")
            #expect(request.json == .object([
                "users": .array([.string("user-1"), .string("user-2")]),
                "apns": .object([
                    "aps": .object([
                        "alert": .object(["title": .string("Order shipped"), "body": .string("Arrives Friday")]),
                        "badge": .number(3), "sound": .string("chime.caf"), "thread-id": .string("orders"), "category": .string("ORDER"),
                    ]),
                    "data": Self.data,
                ]),
                "fcm": .object([
                    "notification": .object([
                        "title": .string("Order shipped"), "body": .string("Arrives Friday"), "sound": .string("chime.caf"),
                        "image": .string("https://cdn.acme.test/box.png"), "click_action": .string("https://acme.test/orders/A-17"),
                        "icon": .string("ic_box"),
                    ]),
                    "data": .object(["orderId": .string("A-17"), "count": .string("3")]),
                    "priority": .string("high"), "time_to_live": .number(600), "collapse_key": .string("order-A-17"),
                ]),
                "web": .object([
                    "notification": .object([
                        "title": .string("Order shipped"), "body": .string("Arrives Friday"),
                        "deep_link": .string("https://acme.test/orders/A-17"),
                    ]),
                    "data": Self.data, "time_to_live": .number(600),
                ]),
            ]))
            Self.expectFailed(await Self.send(herald, ["user-1"]), "bad_credentials", code: "Unauthorized", status: 401)
            await Self.expectNoCheck(herald, integration)
        }
    }

    // MARK: - Pushpad

    @Test func pushpad() async throws {
        try await Self.run { fake, herald in
            let path = "api/v1/projects/5843/notifications"
            fake.on(path, .respond(status: 201, json: #"{"id":197123,"scheduled":1,"uids":["uid0"]}"#),
                    .respond(status: 402, json: ""))
            fake.on(.get, "api/v1/projects/5843", .respond(status: 200, json: #"{"id":5843,"name":"Acme","website":"https://acme.test"}"#),
                    .respond(status: 401, json: ""))
            let integration = try await Self.integration(herald, fake, "pushpad", [
                "apiKey": .string("pushpad-token-1"), "applicationId": .string("5843"),
            ])
            let sent = await Self.send(herald, ["uid0", "uid1"], overrides: ["pushpad": .object([
                "notification": .object(["icon_url": .string("https://acme.test/icon.png")]),
            ])])
            Self.expectSent(sent, "197123", failed: ["uid1"])
            let request = try #require(fake.requests(to: path).first)
            #expect(request.method == "POST" && request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == #"Token token="pushpad-token-1""#)
            #expect(request.header("Accept") == "application/json")
            #expect(request.json == .object([
                "uids": .array([.string("uid0"), .string("uid1")]),
                "notification": .object([
                    "body": .string("Arrives Friday"), "title": .string("Order shipped"),
                    "target_url": .string("https://acme.test/orders/A-17"), "image_url": .string("https://cdn.acme.test/box.png"),
                    "ttl": .number(600), "urgent": .bool(true), "custom_data": .string(#"{"count":3,"orderId":"A-17"}"#),
                    "icon_url": .string("https://acme.test/icon.png"),
                ]),
            ]))
            Self.expectFailed(await Self.send(herald, ["uid0"]), "quota_exceeded", code: nil, status: 402)
            try await herald.runtime.processor.check(integration)
            await #expect(throws: ProviderFailure.self) { try await herald.runtime.processor.check(integration) }
            #expect(fake.requests(to: "api/v1/projects/5843").allSatisfy {
                $0.method == "GET" && $0.header("Authorization") == #"Token token="pushpad-token-1""#
            })
        }
    }

    // MARK: - IO (appio)

    @Test func appIO() async throws {
        try await Self.run { fake, herald in
            let codes = ["AAAAAA00A00A000A", "BBBBBB00B00B000B"]
            fake.on("api/v1/profiles", .respond(status: 200, json: #"{"sender_allowed":true,"preferred_languages":["it_IT"]}"#),
                    .respond(status: 404, json: #"{"detail":"The profile does not exist","status":404,"title":"Profile not found"}"#),
                    .respond(status: 200, json: #"{"sender_allowed":false,"preferred_languages":["it_IT"]}"#))
            fake.on("api/v1/messages", .respond(status: 201, json: #"{"id":"01EM6X4JB9VSZTQ8H16KMQFCEJ"}"#))
            _ = try await ProviderAdapterTests.create(herald, "appio", .push, ["appIOBaseUrl": .string(fake.url("api/v1/"))])
            let title = "Your order has shipped"
            let sent = await Self.send(herald, codes, title: title, overrides: ["appio": .object(["apiKey": .string("io-service-key-1")])])
            let profiles = fake.requests(to: "api/v1/profiles")
            #expect(profiles.count == 2)
            let missing = try #require(profiles.last?.json.value(atPath: "fiscal_code")?.stringValue)
            let reached = try #require(codes.first { $0 != missing })
            Self.expectSent(sent, "01EM6X4JB9VSZTQ8H16KMQFCEJ", failed: [missing])
            #expect(profiles.allSatisfy {
                $0.method == "POST" && $0.header("Ocp-Apim-Subscription-Key") == "io-service-key-1" && $0.json.objectValue?.count == 1
            })
            let message = try #require(fake.requests(to: "api/v1/messages").first)
            #expect(message.header("Ocp-Apim-Subscription-Key") == "io-service-key-1")
            #expect(message.header("Content-Type") == "application/json")
            #expect(message.json == .object([
                "fiscal_code": .string(reached), "time_to_live": .number(600),
                "content": .object(["subject": .string(title), "markdown": .string("Arrives Friday")]),
            ]))
            // The citizen turned the service off: the only token failed, so the attempt did.
            let refused = await Self.send(herald, [codes[0]], overrides: ["appio": .object(["apiKey": .string("io-service-key-1")])])
            Self.expectFailed(refused, "rejected", code: nil, status: 200)
            Self.expectFailed(await Self.send(herald, [codes[0]]), "misconfigured", code: nil, status: nil)
        }
    }

    // MARK: - FCM

    static func serviceAccount(_ fake: FakeProviderServer, key: _RSA.Signing.PrivateKey) -> JSONValue {
        let json: JSONValue = .object([
            "type": .string("service_account"), "project_id": .string("acme-prod"), "private_key_id": .string("4f1c0d2e"),
            "private_key": .string(key.pkcs8PEMRepresentation), "client_email": .string("herald@acme-prod.iam.gserviceaccount.com"),
            "client_id": .string("1234567890"), "token_uri": .string(fake.url("token")),
        ])
        return .string(String(decoding: json.encoded(), as: UTF8.self))
    }

    @Test func fcm() async throws {
        try await Self.run { fake, herald in
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let path = "v1/projects/acme-prod/messages:send"
            fake.on("token", .respond(status: 200, json: #"{"access_token":"ya29.c.access-token-1","expires_in":3599,"token_type":"Bearer"}"#))
            let unregistered = #"{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}"#
            let badToken = #"{"error":{"code":400,"message":"The registration token is not a valid FCM registration token","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"}]}}"#
            let quota = #"{"error":{"code":429,"message":"Quota exceeded for quota metric 'Send requests'","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"QUOTA_EXCEEDED"}]}}"#
            fake.on(path, .respond(status: 200, json: #"{"name":"projects/acme-prod/messages/0:1500415314455276%31bd1c9631bd1c96"}"#),
                    .respond(status: 404, json: unregistered), .respond(status: 400, json: badToken),
                    .respond(status: 429, json: quota, headers: ["Retry-After": "60"]),
                    .respond(status: 200, json: #"{"name":"projects/acme-prod/messages/fake_message_id"}"#))
            let integration = try await Self.integration(herald, fake, "fcm", ["serviceAccount": Self.serviceAccount(fake, key: key)])
            let sent = await Self.send(herald, ["token-a", "token-b"], overrides: [
                "fcm": .object(["android": .object(["notification": .object(["channel_id": .string("orders")])])]),
            ])
            let sends = fake.requests(to: path)
            let dead = try #require(sends.last?.json.value(atPath: "message.token")?.stringValue)
            Self.expectSent(sent, "projects/acme-prod/messages/0:1500415314455276%31bd1c9631bd1c96", failed: [dead])

            // The token request: a JWT signed RS256 with the service account's key, exchanged as documented.
            let exchange = try #require(fake.requests(to: "token").first)
            #expect(exchange.header("Content-Type") == "application/x-www-form-urlencoded")
            let form = String(decoding: exchange.body, as: UTF8.self)
            #expect(form.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="))
            let assertion = try Self.jwt(String(try #require(form.split(separator: "=").last)))
            #expect(assertion.header == .object(["alg": .string("RS256"), "typ": .string("JWT")]))
            #expect(assertion.claims.value(atPath: "iss") == .string("herald@acme-prod.iam.gserviceaccount.com"))
            #expect(assertion.claims.value(atPath: "scope") == .string("https://www.googleapis.com/auth/firebase.messaging"))
            #expect(assertion.claims.value(atPath: "aud") == .string(fake.url("token")))
            let issued = try #require(assertion.claims.value(atPath: "iat")?.numberValue)
            #expect(assertion.claims.value(atPath: "exp")?.numberValue == issued + 3600)
            #expect(key.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: assertion.signature), for: SHA256.hash(data: Data(assertion.input.utf8)),
                padding: .insecurePKCS1v1_5))

            // The message: every option where FCM has a field, the override merged into android.notification.
            let first = try #require(sends.first)
            #expect(first.method == "POST" && first.header("Authorization") == "Bearer ya29.c.access-token-1")
            #expect(first.header("Content-Type") == "application/json")
            let message = try #require(first.json.value(atPath: "message"))
            let expiration = try #require(message.value(atDottedPath: "apns.headers.apns-expiration")?.stringValue.flatMap { Int($0) })
            #expect(abs(expiration - Int(Date().timeIntervalSince1970) - 600) < 30)
            #expect(message == .object([
                "token": try #require(message.value(atPath: "token")),
                "notification": .object([
                    "title": .string("Order shipped"), "body": .string("Arrives Friday"), "image": .string("https://cdn.acme.test/box.png"),
                ]),
                "data": .object(["orderId": .string("A-17"), "count": .string("3")]),
                "android": .object([
                    "priority": .string("HIGH"), "ttl": .string("600s"), "collapse_key": .string("order-A-17"),
                    "notification": .object([
                        "sound": .string("chime.caf"), "click_action": .string("https://acme.test/orders/A-17"), "channel_id": .string("orders"),
                    ]),
                ]),
                "apns": .object([
                    "headers": .object([
                        "apns-priority": .string("10"), "apns-expiration": .string("\(expiration)"), "apns-collapse-id": .string("order-A-17"),
                    ]),
                    "payload": .object(["aps": .object([
                        "sound": .string("chime.caf"), "badge": .number(3), "thread-id": .string("orders"), "category": .string("ORDER"),
                    ])]),
                ]),
                "webpush": .object([
                    "headers": .object(["TTL": .string("600"), "Urgency": .string("high")]),
                    "fcm_options": .object(["link": .string("https://acme.test/orders/A-17")]),
                ]),
            ]))

            // Every token failed: the attempt fails, classified by the FcmError code; the access token was reused.
            Self.expectFailed(await Self.send(herald, ["token-c"]), "invalid_device_token", code: "INVALID_ARGUMENT", status: 400)
            Self.expectFailed(await Self.send(herald, ["token-a"]), "rate_limited", code: "QUOTA_EXCEEDED", status: 429)
            #expect(fake.requests(to: "token").count == 1)

            // The check: a validate_only message to a topic.
            try await herald.runtime.processor.check(integration)
            let check = try #require(fake.requests(to: path).last)
            #expect(check.json.value(atPath: "validate_only") == .bool(true))
            #expect(check.json.value(atDottedPath: "message.topic") == .string("herald-check"))
        }
    }

    @Test func fcmRefusedCredentials() async throws {
        try await Self.run { fake, herald in
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            fake.on("token", .respond(status: 400, json: #"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#))
            _ = try await Self.integration(herald, fake, "fcm", ["serviceAccount": Self.serviceAccount(fake, key: key)])
            Self.expectFailed(await Self.send(herald, ["token-a"]), "bad_credentials", code: "invalid_grant", status: 400)
        }
    }

    @Test func fcmRenewsARefusedAccessTokenOnce() async throws {
        try await Self.run { fake, herald in
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let path = "v1/projects/acme-prod/messages:send"
            fake.on("token", .respond(status: 200, json: #"{"access_token":"ya29.c.first","expires_in":3599,"token_type":"Bearer"}"#),
                    .respond(status: 200, json: #"{"access_token":"ya29.c.second","expires_in":3599,"token_type":"Bearer"}"#))
            fake.on(path, .respond(status: 401, json: #"{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.","status":"UNAUTHENTICATED"}}"#),
                    .respond(status: 200, json: #"{"name":"projects/acme-prod/messages/0:1500415314455276%31bd1c9631bd1c96"}"#))
            _ = try await Self.integration(herald, fake, "fcm", ["serviceAccount": Self.serviceAccount(fake, key: key)])
            Self.expectSent(await Self.send(herald, ["token-a"]), "projects/acme-prod/messages/0:1500415314455276%31bd1c9631bd1c96")
            #expect(fake.requests(to: path).map { $0.header("Authorization") } == ["Bearer ya29.c.first", "Bearer ya29.c.second"])
            #expect(fake.requests(to: "token").count == 2)
        }
    }
}
