import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import NIOSSL
import Testing

/// The APNs adapter against ``FakeAPNsServer``, which speaks HTTP/2 over TLS with ALPN `h2` only, as
/// `api.push.apple.com` does, with a certificate from a CA made by the test that Herald trusts through `--ca-file`
/// (never by turning verification off). The fake verifies the ES256 provider token with the team key's public key and
/// refuses a bad one as APNs does; the tests assert the documented request (pseudo-headers, apns-* headers, payload),
/// the apns-id as message id, per-token failures, Apple's error reasons, and one provider token for many sends.
@Suite(.timeLimit(.minutes(2))) struct APNsAdapterTests {
    static let keyId = "ABC123DEFG"
    static let teamId = "DEF123GHIJ"

    /// Starts a fake that accepts provider tokens of `key` and a Herald trusting its CA, runs the body, and asserts no
    /// unscripted call reached the fake and every connection negotiated h2.
    static func run(_ key: P256.Signing.PrivateKey, _ body: (FakeAPNsServer, TestHerald) async throws -> Void) async throws {
        let fake = try await FakeAPNsServer.start(keyId: keyId, teamId: teamId, providerKey: key.publicKey)
        do {
            try await TestHerald.with(caFile: fake.caFile) { herald in try await body(fake, herald) }
        } catch {
            await fake.stop()
            throw error
        }
        #expect(fake.unexpectedPaths.isEmpty)
        #expect(fake.refusedConnections == 0)
        await fake.stop()
    }

    /// An active APNs integration signing with `key`, whose `baseUrl` is the fake.
    static func integration(_ herald: TestHerald, _ fake: FakeAPNsServer, _ key: P256.Signing.PrivateKey) async throws -> Integration {
        try await ProviderAdapterTests.create(herald, "apns", .push, [
            "secretKey": .string(key.pemRepresentation), "apiKey": .string(keyId), "projectName": .string(teamId),
            "applicationId": .string("com.acme.app"), "secure": .bool(true), "baseUrl": .string(fake.baseURL),
        ])
    }

    /// `secure` ("production") picks Apple's production host; otherwise the sandbox (the other tests override the
    /// host with `baseUrl`, so the choice is asserted here).
    static let hosts: [(secure: JSONValue?, host: String)] = [
        (.bool(true), "https://api.push.apple.com"), (.string("true"), "https://api.push.apple.com"),
        (.bool(false), "https://api.sandbox.push.apple.com"), (nil, "https://api.sandbox.push.apple.com"),
    ]

    @Test(arguments: hosts) func hostFollowsSecure(_ secure: JSONValue?, _ host: String) async throws {
        let key = P256.Signing.PrivateKey()
        var integration = IntegrationSelectorTestsSupport.make("apns")
        var credentials: [String: JSONValue] = [
            "secretKey": .string(key.pemRepresentation), "apiKey": .string(Self.keyId), "projectName": .string(Self.teamId),
            "applicationId": .string("com.acme.app"),
        ]
        credentials["secure"] = secure
        integration.credentials = Credentials(credentials)
        let client = ProviderHTTPClient.makeClient()
        let session = try await APNsAdapter(http: ProviderHTTPClient(client: client, outbound: AddressGuard())).makeSession(for: integration)
        let apns = try #require(session as? APNsSession)
        // What send() posts to: the endpoint's production region when the session is production, else its root.
        let url = try APNsAdapter.endpoint.url("/3/device/a1b2", credentials: integration.credentials, region: apns.production ? "production" : nil)
        #expect(url == host + "/3/device/a1b2")
        try await client.shutdown()
    }

    @Test func sendsOverHTTP2WithOneProviderToken() async throws {
        let key = P256.Signing.PrivateKey()
        try await Self.run(key) { fake, herald in
            let live = String(repeating: "a1", count: 32)
            let other = String(repeating: "d4", count: 32)
            let gone = String(repeating: "b2", count: 32)
            let bad = String(repeating: "e5", count: 32)
            fake.on(deviceToken: live, .sent(apnsId: "EC1BF194-B3B2-4F3A-8D2D-2F6F6F3C1E5A"), .reason(400, "BadTopic"))
            fake.on(deviceToken: other, .sent(apnsId: "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"))
            fake.on(deviceToken: gone, .reason(410, "Unregistered", timestamp: 1_700_000_000_000))
            fake.on(deviceToken: bad, .reason(400, "BadDeviceToken"))
            let integration = try await Self.integration(herald, fake, key)

            // One dead token of three: the others are sent, the dead one is listed; the first apns-id is the id.
            let sent = await PushAdapterTests.send(herald, [live, gone, other], overrides: [
                "apns": .object(["aps": .object(["mutable-content": .number(1)])]),
            ])
            PushAdapterTests.expectSent(sent, "EC1BF194-B3B2-4F3A-8D2D-2F6F6F3C1E5A", failed: [gone])
            #expect(sent.attempts.first?.failedRecipients?.first?.error.contains("Unregistered") == true)

            // The documented request, on an HTTP/2 stream of a connection that negotiated h2.
            let request = try #require(fake.requests(for: live).first)
            #expect(request.alpn == "h2" && request.scheme == "https")
            #expect(request.method == "POST" && request.path == "/3/device/\(live)")
            #expect(request.header("content-type") == "application/json")
            #expect(request.header("apns-topic") == "com.acme.app")
            #expect(request.header("apns-push-type") == "alert")
            #expect(request.header("apns-priority") == "10")
            #expect(request.header("apns-collapse-id") == "order-A-17")
            let expiration = try #require(request.header("apns-expiration").flatMap { Int($0) })
            #expect(abs(expiration - Int(Date().timeIntervalSince1970) - 600) < 30)
            #expect(request.json == .object([
                "orderId": .string("A-17"), "count": .number(3),
                "aps": .object([
                    "alert": .object(["title": .string("Order shipped"), "body": .string("Arrives Friday")]),
                    "sound": .string("chime.caf"), "badge": .number(3), "thread-id": .string("orders"), "category": .string("ORDER"),
                    "mutable-content": .number(1),
                ]),
            ]))

            // The provider token: ES256 with the .p8 key, kid = key id, iss = team id (the fake verified the signature
            // with the public key and accepted it); one token for every request of both sends.
            #expect(fake.requests.allSatisfy { $0.tokenRefusal == nil })
            let authorization = try #require(request.header("authorization"))
            #expect(authorization.hasPrefix("Bearer "))
            let token = try PushAdapterTests.jwt(String(authorization.dropFirst("Bearer ".count)))
            #expect(token.header == .object(["alg": .string("ES256"), "kid": .string(Self.keyId)]))
            #expect(token.claims.value(atPath: "iss") == .string(Self.teamId))
            let issued = try #require(token.claims.value(atPath: "iat")?.numberValue)
            #expect(abs(issued - Date().timeIntervalSince1970) < 60)

            // Every token's failure: the attempt fails with Apple's reason; a refused topic is misconfiguration.
            PushAdapterTests.expectFailed(await PushAdapterTests.send(herald, [bad]), "invalid_device_token", code: "BadDeviceToken", status: 400)
            PushAdapterTests.expectFailed(await PushAdapterTests.send(herald, [live]), "misconfigured", code: "BadTopic", status: 400)
            #expect(fake.requests.count == 5)
            #expect(Set(fake.requests.map { $0.header("authorization") }) == [authorization])
            await PushAdapterTests.expectNoCheck(herald, integration)
        }
    }

    @Test func anExpiredProviderTokenIsRenewedOnce() async throws {
        let key = P256.Signing.PrivateKey()
        try await Self.run(key) { fake, herald in
            let token = String(repeating: "c3", count: 32)
            fake.on(deviceToken: token, .reason(403, "ExpiredProviderToken"), .sent(apnsId: "5E4B1F2A-0C3D-4E5F-8A9B-0C1D2E3F4A5B"))
            _ = try await Self.integration(herald, fake, key)
            PushAdapterTests.expectSent(await PushAdapterTests.send(herald, [token]), "5E4B1F2A-0C3D-4E5F-8A9B-0C1D2E3F4A5B")
            let requests = fake.requests(for: token)
            #expect(requests.count == 2 && requests[0].header("authorization") != requests[1].header("authorization"))
            #expect(requests.allSatisfy { $0.tokenRefusal == nil })
        }
    }

    @Test func aTokenSignedWithAnotherKeyIsRefusedAsInvalid() async throws {
        try await Self.run(P256.Signing.PrivateKey()) { fake, herald in
            let token = String(repeating: "a1", count: 32)
            fake.on(deviceToken: token, .sent(apnsId: "EC1BF194-B3B2-4F3A-8D2D-2F6F6F3C1E5A"))
            _ = try await Self.integration(herald, fake, P256.Signing.PrivateKey())
            PushAdapterTests.expectFailed(
                await PushAdapterTests.send(herald, [token, String(repeating: "b2", count: 32)]), "bad_credentials",
                code: "InvalidProviderToken", status: 403)
            #expect(fake.requests.first?.tokenRefusal == "InvalidProviderToken")
        }
    }

    @Test func tooManyProviderTokenUpdatesIsRateLimited() async throws {
        let key = P256.Signing.PrivateKey()
        try await Self.run(key) { fake, herald in
            let token = String(repeating: "a1", count: 32)
            fake.on(deviceToken: token, .reason(429, "TooManyProviderTokenUpdates"))
            _ = try await Self.integration(herald, fake, key)
            PushAdapterTests.expectFailed(
                await PushAdapterTests.send(herald, [token]), "rate_limited", code: "TooManyProviderTokenUpdates", status: 429)
        }
    }

    @Test func aMalformedDeviceTokenIsNotSent() async throws {
        let key = P256.Signing.PrivateKey()
        try await Self.run(key) { fake, herald in
            let live = String(repeating: "a1", count: 32)
            fake.on(deviceToken: live, .sent(apnsId: "EC1BF194-B3B2-4F3A-8D2D-2F6F6F3C1E5A"))
            _ = try await Self.integration(herald, fake, key)
            PushAdapterTests.expectSent(
                await PushAdapterTests.send(herald, [live, "not-a-token"]), "EC1BF194-B3B2-4F3A-8D2D-2F6F6F3C1E5A", failed: ["not-a-token"])
            #expect(fake.requests.map(\.path) == ["/3/device/\(live)"])
        }
    }

    /// The fake has no HTTP/1 fallback: a client limited to HTTP/1.1 (trusting the same CA) is disconnected after the
    /// handshake and nothing is recorded.
    @Test func theFakeRefusesHTTP1() async throws {
        let fake = try await FakeAPNsServer.start(keyId: Self.keyId, teamId: Self.teamId, providerKey: P256.Signing.PrivateKey().publicKey)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(try TrustRoots.load(caFile: fake.caFile).certificates)]
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var request = HTTPClientRequest(url: fake.baseURL + "/3/device/" + String(repeating: "a1", count: 32))
        request.method = .POST
        await #expect(throws: (any Error).self) { _ = try await client.execute(request, timeout: .seconds(5)) }
        #expect(fake.refusedConnections >= 1)
        #expect(fake.requests.isEmpty)
        try await client.shutdown()
        await fake.stop()
    }
}
