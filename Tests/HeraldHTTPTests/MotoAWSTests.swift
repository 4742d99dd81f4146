import AsyncHTTPClient
import Foundation
import HeraldCore
import HeraldTestSupport
import Testing

/// SES and SNS against moto's server with its IAM authentication on, so every request's Signature V4 is verified
/// (a wrong secret is refused with 403 SignatureDoesNotMatch). What moto received is read back from its state dump
/// (`/moto-api/data.json`). `scripts/test` starts moto and prepares it (`scripts/moto_setup.py`).
@Suite(
    .enabled(if: MotoServer.current != nil, "HERALD_TEST_MOTO_URL is not set (scripts/test starts moto and sets it)"),
    .timeLimit(.minutes(2)))
struct MotoAWSTests {
    static var moto: MotoServer? { MotoServer.current }

    /// moto's recorded state for a service (`ses`, `sns`): model name → instances.
    static func state(_ service: String) async throws -> JSONValue {
        let url = try #require(moto?.url)
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/moto-api/data.json"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONValue.parse(Data(buffer: body)).value(atPath: service) ?? .null
    }

    static func integration(_ herald: TestHerald, _ provider: String, _ channel: Channel, secret: String? = nil) async throws -> Integration {
        let moto = try #require(moto)
        var credentials: [String: JSONValue] = [
            "apiKey": .string(moto.keyId), "secretKey": .string(secret ?? moto.secret), "baseUrl": .string(moto.url),
            "region": .string(provider == "ses" ? "eu-west-1" : "us-east-1"),
        ]
        if provider == "ses" {
            credentials["from"] = .string("no-reply@acme.test")
            credentials["senderName"] = .string("Acme Støtte")
        }
        return try await ProviderAdapterTests.create(herald, provider, channel, credentials)
    }

    @Test func sesSendsSimpleAndRawEmailWithVerifiedSignatures() async throws {
        try await TestHerald.with { herald in
            // Not the check: moto verifies a GET's signature over a body it makes up from the headers, so no
            // correct GET passes (the check's signature equals botocore's for the same request; the fake tests it).
            _ = try await Self.integration(herald, "ses", .email)
            let marker = "moto-" + Identifiers.randomAlphanumeric(12)
            let simple = DeliveryRequest(
                channel: .email, to: .init(email: "ann@example.test"), content: .init(subject: "Simple \(marker)", text: "Hi"))
            let first = await herald.runtime.processor.process(DeliveryTests.delivery(herald, simple), logger: herald.logger)
            #expect(first.status == .sent, "\(first.attempts)")
            var raw = DeliveryRequest(
                channel: .email, to: .init(email: "ann@example.test"), content: .init(subject: "Raw \(marker)", html: "<p>Hi</p>"))
            raw.to.bcc = ["audit@example.test"]
            raw.content.attachments = [.init(filename: "a.txt", contentType: "text/plain", content: Data("hello".utf8).base64EncodedString())]
            let second = await herald.runtime.processor.process(DeliveryTests.delivery(herald, raw), logger: herald.logger)
            #expect(second.status == .sent, "\(second.attempts)")

            let ses = try await Self.state("ses")
            let messages = ses.value(atPath: "Message")?.arrayValue ?? []
            let sent = try #require(messages.first { $0.value(atPath: "subject")?.stringValue == "Simple \(marker)" })
            #expect(sent.value(atPath: "id")?.stringValue == first.attempts.first?.messageId)
            #expect(sent.value(atPath: "destinations.ToAddresses") == .array([.string("ann@example.test")]))
            let raws = ses.value(atPath: "RawMessage")?.arrayValue ?? []
            let rawSent = try #require(raws.first { $0.value(atPath: "raw_data")?.stringValue?.contains("Subject: Raw \(marker)") == true })
            // moto adds the MIME To header's addresses to the envelope ones; bcc is only in the envelope.
            let destinations = Set(rawSent.value(atPath: "destinations")?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(destinations == ["ann@example.test", "audit@example.test"])
            #expect(rawSent.value(atPath: "raw_data")?.stringValue?.contains("audit@example.test") == false)
            #expect(rawSent.value(atPath: "raw_data")?.stringValue?.contains("filename=\"a.txt\"") == true)
        }
    }

    @Test func sesRefusesAWrongSecretAndAnUnverifiedSender() async throws {
        try await TestHerald.with { herald in
            _ = try await Self.integration(herald, "ses", .email, secret: "not-the-secret")
            let refused = await herald.runtime.processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
            #expect(refused.attempts.first?.reason == "bad_credentials")
            #expect(refused.attempts.first?.providerCode == "SignatureDoesNotMatch")
            #expect(refused.attempts.first?.error?.contains("not-the-secret") == false)
        }
        try await TestHerald.with { herald in
            _ = try await Self.integration(herald, "ses", .email)
            var request = DeliveryTests.email
            request.content.from = "someone@unverified.test"
            let rejected = await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
            #expect(rejected.attempts.first?.reason == "rejected")
            #expect(rejected.attempts.first?.providerCode == "MessageRejected")
        }
    }

    @Test func snsPublishesATextMessageWithAVerifiedSignature() async throws {
        try await TestHerald.with { herald in
            let integration = try await Self.integration(herald, "sns", .sms)
            try await herald.runtime.processor.check(integration)
            let text = "Your code is " + Identifiers.randomAlphanumeric(8)
            let request = DeliveryRequest(channel: .sms, to: .init(phone: "+15558675310"), content: .init(content: text))
            let result = await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
            #expect(result.status == .sent, "\(result.attempts)")
            let published = try await Self.state("sns").value(atPath: "SMS")?.arrayValue ?? []
            let message = try #require(published.first { $0.value(atPath: "message")?.stringValue == text })
            #expect(message.value(atPath: "phone_number") == .string("+15558675310"))
            #expect(message.value(atPath: "message_id")?.stringValue == result.attempts.first?.messageId)
        }
    }
}

/// The moto server `scripts/test` started, and the IAM key it made.
struct MotoServer {
    let url: String
    let keyId: String
    let secret: String

    static let current: MotoServer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["HERALD_TEST_MOTO_URL"], let keyId = environment["HERALD_TEST_AWS_KEY_ID"],
            let secret = environment["HERALD_TEST_AWS_SECRET"]
        else { return nil }
        return MotoServer(url: url, keyId: keyId, secret: secret)
    }()
}
