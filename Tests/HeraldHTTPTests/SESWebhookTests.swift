import Crypto
import Foundation
import HeraldCore
@testable import HeraldProviders
import Testing
import X509
import _CryptoExtras

/// Amazon SES events through Amazon SNS: SNS envelopes signed in the test the way AWS signs them (RSA PKCS#1 v1.5,
/// SHA1 for SignatureVersion 1, SHA256 for 2, over the documented `Key\nValue\n` string) with a fixture key whose
/// self-signed certificate the injected fetch serves; refusals for tampering, foreign certificate URLs, replays and a
/// foreign TopicArn; AWS's documented SES sample events mapped to statuses.
@Suite struct SESWebhookTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let certURL = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
    static let topic = "arn:aws:sns:us-west-2:123456789012:MyTopic"

    /// A 2048-bit RSA key generated once with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (a test
    /// fixture, not a secret).
    static let keyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCjnKXZsrBAiIRm
        lPPtvuaj7EFc/eK2jmUIc0Peuyq5VOXytqkIVClXBch1cwrffAP1r+BsjGmD8IN2
        +o6l+rWN+Vk1oJYOXRKXe7+92vAh9NjdsOkTzbd/RUoBEZbLa7BI3Sr9vhDGMsOH
        2vGU06d4PuMvDIngCQXDhubRWpZP1HaZ+AsE9G7ZwvZ9Ot28XuYmnC7SwlpUQjDx
        pGczpotClibiDVByjiPx+co4WMQqCLZS3aTNQAYFZimGWmOH9lApBxlb3RWwF0Eu
        hK8JumCuM299/XGPXNcmF1rc4CJosNwprExFr9Exj8vY3COtLDrv/Ux4tE/43D62
        ktUjIP6fAgMBAAECggEAIvbnlJn0w53JGbkMVgr9dBuZrltNd3D/02n6n59FFp03
        lQKHJhICUagZOkxPDwqMOBWRcvEg3YLpPWR3Vq443XHjqCu81a37OqdGBzdCKSeP
        rvTPIp3McKTol0jgfnFxl2i4dsiHAiw4EBDwnrsKp45c86GM13VmJ25tZmEjDUUF
        X7Cmy713TK9fuFqwb/YiWsyBjPGldrg21TQa05gcli23099wPqe5zy89jkx71vkB
        3TMAuaGbvr/ogIMchVEfDTF+jscdRxZosPlgNExP7/zUyv52AGS05Ff7rjnMxAUO
        vreZqRA4/dxhGwPVXpO93HznRnJKJSVV39NvvkupIQKBgQDSbYpFLlu3ErgFI4BK
        Ot0PrSbrjI6luQN/fMP/w8e+9Lph3EuDc+jVLsuZZCWwblTx9Jj4Dvg4JYoX1Rfc
        blMlxz79StWUKqkZHxdsUYvr5F0XYY6LM5LDG7rwUjvAaEw6Tv7s+iIVVt401KmF
        DQUdZ0+O0hwsUkIsKZ6mdMkgoQKBgQDHC43szQqOTP5qIYF1p39wAZcI/nkxaint
        hXTTP9EyDjBTdNACmpucjrhakTU9lSyCR0a7hN7jPqGLuKt0fnDdjTE+QGUeUeZS
        1+LhNZ4bN9d7QTbP7vbdV06Ifwt0o8nDNR9LojIvTMppq1Z3SF48Q9rrqRs9iMyO
        sgkJcYOXPwKBgQCtvN9y6ymyZ/Qj2gHsR9mJPe9qf+yvC6jFs9+n5p+fHDRe5CI8
        8JCGo1Ja3YL4vr/H3aoG9WUgBm6T6s7+ouBnyrBJNWZOJULkiPUv68xZAX2S9mtY
        p0Y/bT/VeC/5VqPJaLu2MXe+orBockVcozlb45aeVwAH4Arep6ZjzPzawQKBgQCv
        gd2r7oQfQ36VoGOhlYbGAXDmylOcocrEmAeR+dSA+YfdHsQHd8I8go/FtAIpAe8U
        FLsmv5s07tXM+JGeD5t/j27bQDapTHf1lkyEXh3CTDPhh3hIUqI0OzaRHszAFWfj
        i2TD8QmlMWXNVPnSBeqp4v8XCq5tTMFqFUvomsH4SwKBgERa86/WomemlrxF5NGS
        gZ9ceyqDJwbL1q7aYDUT1ICdj4hhmzGQHK+ftWvrR+1HNbCgopOUoalVraz6nRPg
        uppZH1IP8qMZ+4j7uYR9dm1ptQsChf93EwHSstYRZkqZAwokg5ZPYS2bHYrkFOIG
        t+oZMeDbm7HL+N4/KBeVK5Uc
        -----END PRIVATE KEY-----
        """
    static let key = try! _RSA.Signing.PrivateKey(pemRepresentation: keyPEM)

    /// A self-signed certificate for the fixture key, valid from `notBefore` to `notAfter`.
    static func certificate(notBefore: Date = Date(timeIntervalSince1970: 1_577_836_800),
                            notAfter: Date = Date(timeIntervalSince1970: 4_102_444_800)) throws -> [UInt8] {
        let name = try DistinguishedName { CommonName("sns.amazonaws.com") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: name, subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: Certificate.Extensions(),
            issuerPrivateKey: Certificate.PrivateKey(key))
        return Array(try certificate.serializeAsPEM().pemString.utf8)
    }

    /// Serves certificates by URL and records every fetch.
    actor CertificateServer {
        private let certificates: [String: [UInt8]]
        private(set) var fetched: [String] = []

        init(_ certificates: [String: [UInt8]]) { self.certificates = certificates }

        func fetch(_ url: String) throws -> [UInt8] {
            fetched.append(url)
            guard let pem = certificates[url] else { throw URLError(.fileDoesNotExist) }
            return pem
        }
    }

    /// A parser whose certificate fetch is served by a fresh ``CertificateServer``.
    static func parser(certificates: [String: [UInt8]]? = nil) throws -> (SESWebhook, CertificateServer) {
        let server = CertificateServer(try certificates ?? [Self.certURL: Self.certificate()])
        return (SESWebhook(fetchCertificate: { try await server.fetch($0) }), server)
    }

    /// The string AWS signs, written out as its documentation lists the fields (independently of the verifier).
    static func stringToSign(_ fields: [String: String]) -> String {
        let names = fields["Type"] == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
        return names.compactMap { name in fields[name].map { "\(name)\n\($0)\n" } }.joined()
    }

    /// Signs an envelope as SNS does and adds `SignatureVersion`, `Signature` and `SigningCertURL`.
    static func signed(_ fields: [String: String], version: String = "2",
                       certURL: String = Self.certURL) throws -> [String: String] {
        var fields = fields
        let bytes = Array(stringToSign(fields).utf8)
        let signature = version == "1"
            ? try key.signature(for: Insecure.SHA1.hash(data: bytes), padding: .insecurePKCS1v1_5)
            : try key.signature(for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5)
        fields["SignatureVersion"] = version
        fields["Signature"] = signature.rawRepresentation.base64EncodedString()
        fields["SigningCertURL"] = certURL
        return fields
    }

    static func notification(_ message: String, timestamp: String = "2025-12-31T23:58:00.000Z",
                             topic: String = Self.topic) -> [String: String] {
        ["Type": "Notification", "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", "TopicArn": topic,
         "Message": message, "Timestamp": timestamp,
         "UnsubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=\(topic):c9135db0"]
    }

    static let subscribeURL =
        "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=\(topic)&Token=2336412f37"

    static func confirmation(subscribeURL: String = Self.subscribeURL) -> [String: String] {
        ["Type": "SubscriptionConfirmation", "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b", "Token": "2336412f37",
         "TopicArn": topic, "SubscribeURL": subscribeURL, "Timestamp": "2025-12-31T23:55:04.751Z",
         "Message": "You have chosen to subscribe to the topic \(topic).\n"
            + "To confirm the subscription, visit the SubscribeURL included in this message."]
    }

    static func webhook(_ fields: [String: String], headers: [(String, String)] = []) -> InboundWebhook {
        let json = JSONValue.object(fields.mapValues(JSONValue.string)).encoded()
        return webhook(String(decoding: json, as: UTF8.self), headers: headers)
    }

    static func webhook(_ body: String, headers: [(String, String)] = []) -> InboundWebhook {
        InboundWebhook(url: "https://herald.example.test/v2/inbound-webhooks/delivery-providers/env/int",
                       headers: [(name: "Content-Type", value: "text/plain; charset=UTF-8")]
                           + headers.map { (name: $0.0, value: $0.1) },
                       body: Array(body.utf8))
    }

    static func keys(_ topic: String? = Self.topic, required: Bool = false) -> WebhookKeys {
        WebhookKeys(signingKey: topic, credentials: Credentials(), required: required)
    }

    /// The rejection `verify` threw (its description), or nil when it passed.
    static func rejection(_ parser: SESWebhook, _ webhook: InboundWebhook, keys: WebhookKeys = Self.keys(),
                          now: Date = Self.now) async -> String? {
        do {
            _ = try await parser.verify(webhook, keys: keys, now: now)
            return nil
        } catch let rejection as WebhookRejection {
            return rejection.description
        } catch {
            return "other: \(error)"
        }
    }

    static func events(_ parser: SESWebhook, _ webhook: InboundWebhook) throws -> [ProviderEventReport] {
        guard case .events(let events) = try parser.parse(webhook) else { Issue.record("not events"); return [] }
        return events
    }

    static let invalid = WebhookRejection.invalidSignature.description

    // MARK: Signatures

    @Test func signedNotificationsVerifyWithBothSignatureVersions() async throws {
        for version in ["1", "2"] {
            let (parser, server) = try Self.parser()
            let body = try Self.signed(Self.notification(Self.delivery), version: version)
            #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(), now: Self.now) == .verified)
            #expect(await server.fetched == [Self.certURL])
            let events = try Self.events(parser, Self.webhook(body))
            #expect(events.map(\.status) == [.delivered])
            #expect(events.first?.eventId == "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
        }
    }

    @Test func subjectIsSignedWhenPresent() async throws {
        let (parser, _) = try Self.parser()
        var fields = Self.notification(Self.delivery)
        fields["Subject"] = "Amazon SES Email Event Notification"
        let body = try Self.signed(fields)
        #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(), now: Self.now) == .verified)
        var changed = body
        changed["Subject"] = "Another subject"
        #expect(await Self.rejection(parser, Self.webhook(changed)) == Self.invalid)
    }

    /// The same key and string to sign in Python's `cryptography` (48.0):
    /// `key.sign(s, padding.PKCS1v15(), hashes.SHA1())` / `hashes.SHA256()`, where `s` is the `Key\nValue\n` string of
    /// the fields below. PKCS#1 v1.5 signatures are deterministic, so Swift must produce the same bytes, and the
    /// verifier must accept Python's.
    @Test func signaturesMatchPythonCryptography() async throws {
        let fields = [
            "Type": "Notification", "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", "Subject": "My First Message",
            "Message": "Hello world!", "Timestamp": "2025-12-31T23:59:00.000Z", "TopicArn": Self.topic,
        ]
        let python = [
            "1": "XnVE97g/4SIzolD+mGveohqeE6Bnbazn2V/RukJmrY9DNCz0377sYKj3KA1yAsWmzJf9Rz1pMtIHpsbBxXV8efFbLv9ry///VOOqFfQAGg70veZpscI29akNZ144yLyWvxUdyHJELzRPT6k+5pRBeecONEvlrcbq+Gsn5Nz3LccIXYiLWz7wCIzgFVZZjP0Jku1CXmbN/8gZhJicsbw2h4P5Oy2+qxmcWrqXAG+5o++nPJhq2LG6KXOe3ea2xdcOas/GrbLSzwIv0RLi6mp5eegJgcpKpO7OmWMQc2xDoS7h5tdigHrQusXe+eZu0e02bNhPAv419Gsh6TQxtWvH2w==",
            "2": "RXewBqn0u6Wd2QHeKzgmv6Av2XwEhWsLvd7ToUHD/0wipdZ8qk+57mV0445BYnGgKumDADCMd7pDCOCnqvn7ZLEjL6Iu5MYfZ9hPT5WX80w1A6gWAJkNSq152A9yX4BIoCArp3A51cH6VSnbN5WzW3juNPj90Ot4xcGfhR1o0NhCYuYF/YJ6VuKRpwsRZaNuHhdbbQvm/zxkFEn+hqPz+gN5IDU8zPMgwGT+Hc7Oxmh8UAkr0GrETw3BepX9ZbwFWkj5XCZOIxqI5LzqrPEhGo2khJYcVylwb+NQnipSStO9fd8B2JSmLJi2mBNe3Bd4kDPIaZFxiFop8MMNIgMM2A==",
        ]
        let (parser, _) = try Self.parser()
        for (version, signature) in python {
            #expect(try Self.signed(fields, version: version)["Signature"] == signature)
            var body = fields
            body["SignatureVersion"] = version
            body["Signature"] = signature
            body["SigningCertURL"] = Self.certURL
            #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(), now: Self.now) == .verified)
        }
    }

    @Test func subscriptionConfirmationIsVerifiedAndNamesItsURL() async throws {
        let (parser, _) = try Self.parser()
        let body = try Self.signed(Self.confirmation(), version: "1")
        #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(Self.topic), now: Self.now) == .verified)
        guard case .subscriptionConfirmation(let url) = try parser.parse(Self.webhook(body)) else {
            Issue.record("not a subscription confirmation")
            return
        }
        #expect(url == Self.subscribeURL)
        // The token is signed: a changed one is refused.
        var changed = body
        changed["Token"] = "0000"
        #expect(await Self.rejection(parser, Self.webhook(changed)) == Self.invalid)
    }

    @Test func subscribeURLOffAnSNSHostIsMalformed() throws {
        let (parser, _) = try Self.parser()
        for url in ["https://evil.example/?Action=ConfirmSubscription", "http://sns.us-west-2.amazonaws.com/?Action=x",
                    "https://sns.us-west-2.amazonaws.com.evil.example/?Action=x"] {
            let body = try Self.signed(Self.confirmation(subscribeURL: url))
            #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook(body)) }
        }
    }

    @Test func tamperedMessageIsRefused() async throws {
        let (parser, _) = try Self.parser()
        var body = try Self.signed(Self.notification(Self.delivery))
        body["Message"] = Self.bouncePermanent
        #expect(await Self.rejection(parser, Self.webhook(body)) == Self.invalid)
        // A SHA256 signature presented as version 1, and an unknown version, are refused too.
        var version = try Self.signed(Self.notification(Self.delivery), version: "2")
        version["SignatureVersion"] = "1"
        #expect(await Self.rejection(parser, Self.webhook(version)) == Self.invalid)
        version["SignatureVersion"] = "3"
        #expect(await Self.rejection(parser, Self.webhook(version)) == Self.invalid)
    }

    @Test func certificateURLsOffSNSAreRefusedWithoutFetching() async throws {
        let urls = [
            "http://sns.us-west-2.amazonaws.com/SimpleNotificationService-test.pem",
            "https://sns.us-west-2.amazonaws.com.evil.example/SimpleNotificationService-test.pem",
            "https://evil.example/sns.us-west-2.amazonaws.com/SimpleNotificationService-test.pem",
            "https://sns.us-west-2.amazonaws.com@evil.example/SimpleNotificationService-test.pem",
            "https://s3.us-west-2.amazonaws.com/SimpleNotificationService-test.pem",
            "https://sns.us-west-2.amazonaws.com:8443/SimpleNotificationService-test.pem",
            "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-test.txt",
            "https://sns..amazonaws.com/SimpleNotificationService-test.pem",
        ]
        let pem = try Self.certificate()
        let (parser, server) = try Self.parser(certificates: Dictionary(uniqueKeysWithValues: urls.map { ($0, pem) }))
        for url in urls {
            let body = try Self.signed(Self.notification(Self.delivery), certURL: url)
            #expect(await Self.rejection(parser, Self.webhook(body)) == Self.invalid, "\(url)")
        }
        #expect(await server.fetched.isEmpty)
        // The China partition's hosts are SNS hosts.
        let china = "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-test.pem"
        let (chinaParser, _) = try Self.parser(certificates: [china: pem])
        let body = try Self.signed(Self.notification(Self.delivery), certURL: china)
        #expect(try await chinaParser.verify(Self.webhook(body), keys: Self.keys(), now: Self.now) == .verified)
    }

    @Test func replaysOutsideTheWindowAreStale() async throws {
        let (parser, _) = try Self.parser()
        let stale = WebhookRejection.stale.description
        let old = try Self.signed(Self.notification(Self.delivery, timestamp: "2025-12-31T23:44:00.000Z"))  // 16 min
        #expect(await Self.rejection(parser, Self.webhook(old)) == stale)
        let ahead = try Self.signed(Self.notification(Self.delivery, timestamp: "2026-01-01T00:06:00Z"))  // +6 min
        #expect(await Self.rejection(parser, Self.webhook(ahead)) == stale)
        let recent = try Self.signed(Self.notification(Self.delivery, timestamp: "2025-12-31T23:46:00.000Z"))  // 14 min
        #expect(await Self.rejection(parser, Self.webhook(recent)) == nil)
    }

    @Test func signingKeyIsTheExpectedTopicArn() async throws {
        let (parser, server) = try Self.parser()
        let other = "arn:aws:sns:us-west-2:999999999999:Other"
        let foreign = try Self.signed(Self.notification(Self.delivery, topic: other))
        #expect(await Self.rejection(parser, Self.webhook(foreign), keys: Self.keys(Self.topic)) == Self.invalid)
        #expect(await server.fetched.isEmpty)
        let own = try Self.signed(Self.notification(Self.delivery))
        #expect(await Self.rejection(parser, Self.webhook(own), keys: Self.keys(Self.topic, required: true)) == nil)
        // Without a pinned TopicArn a valid AWS signature proves nothing about whose topic sent it: recorded as
        // unverified, and refused when signatures are required.
        #expect(try await parser.verify(Self.webhook(foreign), keys: Self.keys(nil), now: Self.now) == .unsigned)
        #expect(await Self.rejection(parser, Self.webhook(foreign), keys: Self.keys(nil, required: true))
            == WebhookRejection.noKey.description)
    }

    @Test func unsignedBodiesAreUnsignedUnlessRequired() async throws {
        let (parser, server) = try Self.parser()
        let snsId = ("x-amz-sns-message-id", "da41e39f-ea4d-435a-b922-c6aae3915ebe")
        let raw = Self.webhook(Self.delivery, headers: [snsId])
        #expect(try await parser.verify(raw, keys: Self.keys(Self.topic), now: Self.now) == .unsigned)
        #expect(await Self.rejection(parser, raw, keys: Self.keys(required: true))
            == WebhookRejection.missingSignature.description)
        var envelope = Self.notification(Self.delivery)
        envelope["SignatureVersion"] = "1"
        #expect(try await parser.verify(Self.webhook(envelope), keys: Self.keys(), now: Self.now) == .unsigned)
        #expect(await server.fetched.isEmpty)
        let events = try Self.events(parser, raw)
        #expect(events.map(\.status) == [.delivered])
        #expect(events.first?.eventId == "da41e39f-ea4d-435a-b922-c6aae3915ebe")
        #expect(events.first?.messageId == "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000")
    }

    @Test func certificatesAreCachedAndFetchFailuresAreUnavailable() async throws {
        let (parser, server) = try Self.parser()
        for _ in 0..<3 {
            let body = try Self.signed(Self.notification(Self.delivery))
            #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(), now: Self.now) == .verified)
        }
        #expect(await server.fetched.count == 1)
        // An hour later the certificate is fetched again.
        let later = Self.now.addingTimeInterval(3601)
        let body = try Self.signed(Self.notification(Self.delivery, timestamp: "2026-01-01T01:00:00.000Z"))
        #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(), now: later) == .verified)
        #expect(await server.fetched.count == 2)
        // A certificate that cannot be fetched is a 503 (SNS retries), not a rejection.
        let missing = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-missing.pem"
        let unfetched = try Self.signed(Self.notification(Self.delivery), certURL: missing)
        await #expect(throws: HeraldError.self) {
            _ = try await parser.verify(Self.webhook(unfetched), keys: Self.keys(), now: Self.now)
        }
    }

    @Test func expiredOrForeignCertificatesAreRefused() async throws {
        let expired = try Self.certificate(notBefore: Date(timeIntervalSince1970: 1_577_836_800),
                                           notAfter: Date(timeIntervalSince1970: 1_735_689_600))  // 2025-01-01
        let (parser, _) = try Self.parser(certificates: [Self.certURL: expired])
        let body = try Self.signed(Self.notification(Self.delivery))
        #expect(await Self.rejection(parser, Self.webhook(body)) == Self.invalid)
        let (garbage, _) = try Self.parser(certificates: [Self.certURL: Array("not a certificate".utf8)])
        #expect(await Self.rejection(garbage, Self.webhook(body)) == Self.invalid)
    }

    // MARK: SES events (AWS's samples, "Examples of event data that Amazon SES publishes to Amazon SNS")

    static let mail = #"""
        "mail":{"timestamp":"2017-08-05T00:40:02.012Z","source":"Sender Name <sender@example.com>",
        "sourceArn":"arn:aws:ses:us-east-1:123456789012:identity/sender@example.com","sendingAccountId":"123456789012",
        "messageId":"EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000","destination":["recipient@example.com"],
        "headersTruncated":false,"commonHeaders":{"from":["Sender Name <sender@example.com>"],
        "to":["recipient@example.com"],"messageId":"EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
        "subject":"Message sent from Amazon SES"},"tags":{"ses:configuration-set":["ConfigSet"],
        "ses:source-ip":["192.0.2.0"],"ses:from-domain":["example.com"],"herald_delivery":["dlv_3f1c"]}}
        """#

    static let delivery = #"{"eventType":"Delivery",\#(mail),"delivery":{"timestamp":"2016-10-19T23:21:04.133Z","#
        + #""processingTimeMillis":11893,"recipients":["recipient@example.com"],"#
        + #""smtpResponse":"250 2.6.0 Message received","reportingMTA":"mta.example.com"}}"#

    static let bouncePermanent = #"{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","#
        + #""bouncedRecipients":[{"emailAddress":"recipient@example.com","action":"failed","status":"5.1.1","#
        + #""diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":"2017-08-05T00:41:02.669Z","#
        + #""feedbackId":"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000","#
        + #""reportingMTA":"dsn; mta.example.com"},\#(mail)}"#

    static let bounceTransient = #"{"eventType":"Bounce","bounce":{"bounceType":"Transient","#
        + #""bounceSubType":"MailboxFull","bouncedRecipients":[{"emailAddress":"recipient@example.com"}],"#
        + #""timestamp":"2017-08-05T00:41:02.669Z","feedbackId":"01000157c44f053b-61b59c11-example-000000"},\#(mail)}"#

    static let complaint = #"{"eventType":"Complaint","complaint":{"complainedRecipients":[{"#
        + #""emailAddress":"recipient@example.com"}],"timestamp":"2017-08-05T00:41:02.669Z","#
        + #""feedbackId":"01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000","#
        + #""userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36","#
        + #""complaintFeedbackType":"abuse","arrivalDate":"2017-08-05T00:41:02.669Z"},\#(mail)}"#

    static let openSample = #"{"eventType":"Open",\#(mail),"open":{"ipAddress":"192.0.2.1","#
        + #""timestamp":"2017-08-09T22:00:19.652Z","userAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_3 like Mac OS X)"}}"#

    static let clickSample = #"{"eventType":"Click","click":{"ipAddress":"192.0.2.1","#
        + #""link":"http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html","#
        + #""linkTags":{"samplekey0":["samplevalue0"]},"timestamp":"2017-08-09T23:51:25.570Z","#
        + #""userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},\#(mail)}"#

    /// SES identity notifications (no event publishing) name the type `notificationType` and carry no tags.
    static let notificationBounce = #"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","#
        + #""reportingMTA":"dns; email.example.com","bouncedRecipients":[{"emailAddress":"jane@example.com","#
        + #""status":"5.1.1","action":"failed","diagnosticCode":"smtp; 550 5.1.1 <jane@example.com>... User"}],"#
        + #""bounceSubType":"General","timestamp":"2016-01-27T14:59:38.237Z","#
        + #""feedbackId":"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000"},"#
        + #""mail":{"timestamp":"2016-01-27T14:59:38.237Z","source":"john@example.com","#
        + #""messageId":"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000","#
        + #""destination":["jane@example.com","mary@example.com"]}}"#

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    @Test func sesSamplesMapToStatuses() async throws {
        let (parser, _) = try Self.parser()
        func report(_ message: String) async throws -> ProviderEventReport? {
            let body = try Self.signed(Self.notification(message))
            #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(Self.topic), now: Self.now) == .verified)
            let events = try Self.events(parser, Self.webhook(body))
            #expect(events.count == 1)
            return events.first
        }
        let messageId = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000"

        let delivered = try #require(try await report(Self.delivery))
        #expect(delivered.status == .delivered && delivered.providerStatus == "Delivery")
        #expect(delivered.messageId == messageId && delivered.deliveryId == "dlv_3f1c")
        #expect(delivered.recipient == "recipient@example.com")
        #expect(delivered.occurredAt == Self.date("2016-10-19T23:21:04.133Z"))
        #expect(delivered.eventId == "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")

        let bounced = try #require(try await report(Self.bouncePermanent))
        #expect(bounced.status == .bounced && bounced.status.effect == .failed)
        #expect(bounced.detail == "smtp; 550 5.1.1 user unknown" && bounced.recipient == "recipient@example.com")
        #expect(bounced.occurredAt == Self.date("2017-08-05T00:41:02.669Z"))

        let transient = try #require(try await report(Self.bounceTransient))
        #expect(transient.status == .deferred && transient.status.effect == ProviderEventStatus.Effect.none)
        #expect(transient.detail == "MailboxFull" && transient.providerStatus == "Bounce")

        let complained = try #require(try await report(Self.complaint))
        #expect(complained.status == .complaint && complained.detail == "abuse")
        #expect(complained.recipient == "recipient@example.com")

        let opened = try #require(try await report(Self.openSample))
        #expect(opened.status == .opened && opened.occurredAt == Self.date("2017-08-09T22:00:19.652Z"))
        #expect(opened.recipient == "recipient@example.com" && opened.messageId == messageId)

        let clicked = try #require(try await report(Self.clickSample))
        #expect(clicked.status == .clicked && clicked.occurredAt == Self.date("2017-08-09T23:51:25.570Z"))

        let identity = try #require(try await report(Self.notificationBounce))
        #expect(identity.status == .bounced && identity.deliveryId == nil)
        #expect(identity.messageId == "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000")
        #expect(identity.recipient == "jane@example.com")
    }

    @Test func otherEventTypesAndBodies() throws {
        let (parser, _) = try Self.parser()
        // SES's own message when a topic is attached, and Subscription events, are acknowledged without events.
        let notice = #"{"notificationType":"AmazonSnsSubscriptionSucceeded","message":"You have subscribed"}"#
        #expect(try Self.events(parser, Self.webhook(Self.notification(notice))).isEmpty)
        let statuses = [("Send", ProviderEventStatus.sent), ("Reject", .rejected), ("DeliveryDelay", .delayed),
                        ("Rendering Failure", .failed)]
        for (type, status) in statuses {
            let event = #"{"eventType":"\#(type)",\#(Self.mail)}"#
            #expect(try Self.events(parser, Self.webhook(event)).map(\.status) == [status])
        }
        let reject = #"{"eventType":"Reject",\#(Self.mail),"reject":{"reason":"Bad content"}}"#
        #expect(try Self.events(parser, Self.webhook(reject)).first?.detail == "Bad content")
        // A raw array (no SNS id per event), an SNS Message that is not JSON, and a body that is not SES's.
        let array = try Self.events(parser, Self.webhook("[\(Self.delivery),\(Self.openSample)]",
                                                         headers: [("x-amz-sns-message-id", "one-id")]))
        #expect(array.map(\.status) == [.delivered, .opened] && array.allSatisfy { $0.eventId == nil })
        #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook(Self.notification("not json"))) }
        #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook(#"{"hello":"world"}"#)) }
        #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook("Type=Notification")) }
        #expect(try Self.events(parser, Self.webhook(["Type": "UnsubscribeConfirmation"])).isEmpty)
    }
}
