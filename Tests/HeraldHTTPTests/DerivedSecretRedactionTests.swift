import Crypto
import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Testing
import _CryptoExtras

/// Secrets an adapter derives or is handed outside the integration's credentials (RingCentral's and FCM's access
/// tokens, FCM's JWT assertion, the APNs provider token, the IO service key from the overrides) are not credentials, so
/// the engine's credential redaction cannot know them: the adapter must redact them. Each fake here answers an error
/// that echoes the very token the request carried, and the token is absent from the recorded attempt (and failed
/// recipient) and from the failure the adapter throws, with `[redacted]` in its place.
@Suite(.timeLimit(.minutes(2))) struct DerivedSecretRedactionTests {
    /// `text` shows `[redacted]` and no part of the start of `secret` (a recorded error is cut to 200 characters, so the
    /// whole secret may not fit in it even when it leaks).
    static func expectRedacted(_ text: String?, _ secret: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = text ?? ""
        #expect(secret.count >= 16, "the secret was read from the request: '\(secret)'", sourceLocation: sourceLocation)
        #expect(text.contains(Redactor.mark), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains(secret.prefix(12)), "\(text)", sourceLocation: sourceLocation)
    }

    /// The bearer token a recorded request carried.
    static func bearer(_ request: FakeProviderServer.Recorded?) -> String {
        String((request?.header("Authorization") ?? "").dropFirst("Bearer ".count))
    }

    /// An error answer whose body (made by `body`) echoes the bearer token of the request it answers.
    static func echoingBearer(_ status: Int, _ body: @escaping @Sendable (String) -> String) -> FakeProviderServer.Behavior {
        .reply { request in .respond(status: status, json: body(bearer(request))) }
    }

    /// The failure a fresh session of the adapter throws for `request`, sent directly (so only the adapter's own
    /// redaction applies, not the engine's).
    static func thrown(
        _ makeAdapter: (ProviderHTTPClient) -> any ProviderAdapter, _ integration: Integration, _ request: DeliveryRequest,
        overrides: [String: JSONValue] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ProviderFailure? {
        let client = ProviderHTTPClient.makeClient()
        let session = try await makeAdapter(ProviderHTTPClient(client: client, outbound: AddressGuard())).makeSession(for: integration)
        var failure: ProviderFailure?
        do {
            _ = try await session.send(try ChannelMessage(request), context: SendContext(deliveryId: "66f2a1b3c4d5e6f708192a3b", overrides: overrides))
            Issue.record("the send passed", sourceLocation: sourceLocation)
        } catch let error as ProviderFailure {
            failure = error
        }
        await session.shutdown()
        try await client.shutdown()
        return failure
    }

    static func push(_ tokens: [String]) -> DeliveryRequest {
        DeliveryRequest(channel: .push, to: .init(deviceTokens: tokens), content: .init(title: "Order shipped", body: "Arrives Friday"))
    }

    @Test func ringCentralAccessToken() async throws {
        try await SMSAdapterTests.run { fake, herald in
            let sms = "restapi/v1.0/account/~/extension/~/sms"
            fake.on("restapi/oauth/token", .respond(status: 200, json: #"{"access_token":"U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw","token_type":"bearer","expires_in":3600}"#))
            fake.on(sms, Self.echoingBearer(400) { #"{"errorCode":"CMN-101","message":"Parameter [Authorization] value \#($0) is invalid"}"# })
            let integration = try await SMSAdapterRestTests.integration(herald, "ring-central", [
                "clientId": "rc-client-1", "secretKey": "rc-secret-1", "token": "eyJraWQiOiJ1c2VyLWp3dCJ9.jwt-1", "from": "+16505550100",
            ], baseUrl: fake.url(""))
            let failed = await SMSAdapterTests.send(herald)
            let token = Self.bearer(fake.requests(to: sms).last)
            #expect(token == "U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw")
            #expect(failed.attempts.first?.outcome != .sent)
            Self.expectRedacted(failed.attempts.first?.error, token)
            let sms2 = DeliveryRequest(channel: .sms, to: .init(phone: SMSAdapterTests.to), content: .init(content: "Hello"))
            let failure = try await Self.thrown({ RingCentralAdapter(http: $0) }, integration, sms2)
            #expect(failure?.reason == .rejected)
            Self.expectRedacted(failure?.message, Self.bearer(fake.requests(to: sms).last))
        }
    }

    @Test func fcmAccessToken() async throws {
        try await PushAdapterTests.run { fake, herald in
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let path = "v1/projects/acme-prod/messages:send"
            fake.on("token", .respond(status: 200, json: #"{"access_token":"ya29.c.c0AY_VpZgderivedAccessToken","expires_in":3599,"token_type":"Bearer"}"#))
            fake.on(path, Self.echoingBearer(400) {
                #"{"error":{"code":400,"message":"Invalid credential \#($0) for message.android","status":"INVALID_ARGUMENT"}}"#
            })
            let integration = try await PushAdapterTests.integration(herald, fake, "fcm", ["serviceAccount": PushAdapterTests.serviceAccount(fake, key: key)])
            let failed = await PushAdapterTests.send(herald, ["token-a"])
            let token = Self.bearer(fake.requests(to: path).last)
            #expect(token == "ya29.c.c0AY_VpZgderivedAccessToken")
            #expect(failed.attempts.first?.outcome != .sent)
            Self.expectRedacted(failed.attempts.first?.error, token)
            // The check (a fresh session: a new exchange, the same token) posts a validate_only message: refused too.
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("the check passed")
            } catch let failure as ProviderFailure {
                #expect(fake.requests(to: path).last?.json.value(atPath: "validate_only") == .bool(true))
                Self.expectRedacted(failure.message, Self.bearer(fake.requests(to: path).last))
            }
        }
    }

    @Test func fcmJWTAssertion() async throws {
        try await PushAdapterTests.run { fake, herald in
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            /// The assertion a token request carried (base64url and dots: not percent-encoded in the form).
            @Sendable func assertion(_ request: FakeProviderServer.Recorded?) -> String {
                String(String(decoding: request?.body ?? [], as: UTF8.self).split(separator: "=").last ?? "")
            }
            fake.on("token", .reply { request in
                .respond(status: 400, json: #"{"error":"invalid_grant","error_description":"Invalid JWT: \#(assertion(request))"}"#)
            })
            let integration = try await PushAdapterTests.integration(herald, fake, "fcm", ["serviceAccount": PushAdapterTests.serviceAccount(fake, key: key)])
            let failed = await PushAdapterTests.send(herald, ["token-a"])
            let first = assertion(fake.requests(to: "token").last)
            #expect(first.split(separator: ".").count == 3)
            #expect(failed.attempts.first?.reason == "bad_credentials")
            Self.expectRedacted(failed.attempts.first?.error, first)
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("the check passed")
            } catch let failure as ProviderFailure {
                #expect(failure.reason == .badCredentials)
                Self.expectRedacted(failure.message, assertion(fake.requests(to: "token").last))
            }
            #expect(fake.requests(to: "v1/projects/acme-prod/messages:send").isEmpty)
        }
    }

    @Test func apnsProviderToken() async throws {
        try await PushAdapterTests.run { fake, herald in
            let key = P256.Signing.PrivateKey()
            let live = String(repeating: "a1", count: 32)
            let refused = String(repeating: "b2", count: 32)
            fake.on("3/device/\(live)", .respond(status: 200, json: "", headers: ["apns-id": "EC1BF194-B3B2-4F3A-8D2D-2F6F6F3C1E5A"]))
            fake.on("3/device/\(refused)", Self.echoingBearer(400) { #"{"reason":"BadDeviceToken","token":"\#($0)"}"# })
            let integration = try await PushAdapterTests.integration(herald, fake, "apns", [
                "secretKey": .string(key.pemRepresentation), "apiKey": .string("ABC123DEFG"), "projectName": .string("DEF123GHIJ"),
                "applicationId": .string("com.acme.app"), "secure": .bool(true),
            ])
            // One token of two refused: the delivery is sent and lists it, with the JWT redacted from its error.
            let sent = await PushAdapterTests.send(herald, [live, refused])
            let jwt = Self.bearer(fake.requests(to: "3/device/\(refused)").last)
            #expect(jwt.split(separator: ".").count == 3)
            #expect(sent.status == .sent && sent.attempts.first?.failedRecipients?.map(\.address) == [refused])
            Self.expectRedacted(sent.attempts.first?.failedRecipients?.first?.error, jwt)
            // Every token refused: the attempt fails, its error redacted.
            let failed = await PushAdapterTests.send(herald, [refused])
            #expect(failed.attempts.first?.outcome != .sent)
            Self.expectRedacted(failed.attempts.first?.error, Self.bearer(fake.requests(to: "3/device/\(refused)").last))
            let failure = try await Self.thrown({ APNsAdapter(http: $0) }, integration, Self.push([refused]))
            #expect(failure?.reason == .invalidDeviceToken)
            Self.expectRedacted(failure?.message, Self.bearer(fake.requests(to: "3/device/\(refused)").last))
        }
    }

    @Test func appIOServiceKey() async throws {
        try await PushAdapterTests.run { fake, herald in
            let key = "io-service-key-0a1b2c3d4e5f"
            fake.on("api/v1/profiles", .reply { request in
                .respond(status: 400, json: #"{"title":"Bad Request","detail":"subscription \#(request.header("Ocp-Apim-Subscription-Key") ?? "") may not read profiles","status":400}"#)
            })
            let integration = try await ProviderAdapterTests.create(herald, "appio", .push, ["appIOBaseUrl": .string(fake.url("api/v1/"))])
            let failed = await PushAdapterTests.send(herald, ["AAAAAA00A00A000A"], overrides: ["appio": .object(["apiKey": .string(key)])])
            #expect(fake.requests(to: "api/v1/profiles").last?.header("Ocp-Apim-Subscription-Key") == key)
            #expect(failed.attempts.first?.outcome != .sent)
            Self.expectRedacted(failed.attempts.first?.error, key)
            let failure = try await Self.thrown({ AppIOAdapter(http: $0) }, integration, Self.push(["AAAAAA00A00A000A"]),
                                                overrides: ["apiKey": .string(key)])
            #expect(failure?.reason == .rejected)
            Self.expectRedacted(failure?.message, key)
        }
    }
}
