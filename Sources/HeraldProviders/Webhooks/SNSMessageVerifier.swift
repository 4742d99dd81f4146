import Crypto
import Foundation
import HeraldCore
import X509
import _CryptoExtras

/// Amazon SNS message signatures, as AWS documents them ("Verifying the signatures of Amazon SNS messages"): the
/// JSON envelope's `Signature` (base64) is an RSA PKCS#1 v1.5 signature — SHA1 for `SignatureVersion` 1, SHA256 for
/// 2 — over `Key\nValue\n` lines of its fields in a fixed order (``stringToSign(_:)``), made with the key of the
/// X.509 certificate at `SigningCertURL`. That URL must be `https://sns.<region>.amazonaws.com[.cn]/….pem`: it is
/// what ties the signature to AWS (the certificate is fetched over TLS from AWS's own host, so the TLS chain stands
/// in for checking the certificate's issuer). A `Timestamp` older than 15 minutes or more than 5 minutes ahead is a
/// replay.
///
/// A valid signature proves only that *some* SNS topic sent the message — anyone can create a topic and subscribe
/// Herald's URL to it. `configurations.inboundWebhookSigningKey`, when set, is therefore the expected `TopicArn`:
/// messages from any other topic are refused as invalid (before any certificate is fetched).
struct SNSMessageVerifier: Sendable {
    /// Fetches a signing certificate (PEM bytes) by its URL.
    typealias FetchCertificate = @Sendable (String) async throws -> [UInt8]

    /// How old a message's `Timestamp` may be.
    static let maxAge: Double = 15 * 60
    /// How far ahead of Herald's clock a `Timestamp` may be.
    static let maxSkew: Double = 5 * 60
    /// The key ``WebhookSignature/key(present:key:required:)`` is given: SNS signs every message with AWS's
    /// certificate, so there is always a key to check a present signature with — a signed message is verified
    /// whether or not the integration has a signing key, and only an unsigned body (raw message delivery) falls to
    /// "unsigned unless required".
    static let awsCertificate = "sns"

    private let certificates: SNSCertificateCache

    /// Creates a verifier that fetches certificates with `fetchCertificate` and caches them.
    init(fetchCertificate: @escaping FetchCertificate) {
        certificates = SNSCertificateCache(fetch: fetchCertificate)
    }

    /// Checks an SNS envelope (the body's JSON object; any other body counts as unsigned). Throws
    /// ``WebhookRejection`` for a wrong, stale or foreign-topic signature, and `HeraldError.unavailable` when the
    /// certificate cannot be fetched (a 503, so SNS retries).
    func verify(_ envelope: [String: JSONValue], keys: WebhookKeys, now: Date) async throws -> WebhookVerification {
        guard try WebhookSignature.key(present: envelope["Signature"] != nil, key: Self.awsCertificate,
                                       required: keys.required) != nil else { return .unsigned }
        guard let signature = envelope["Signature"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
              let version = envelope["SignatureVersion"]?.stringValue, version == "1" || version == "2",
              let signed = Self.stringToSign(envelope),
              let certificateURL = envelope["SigningCertURL"]?.stringValue, Self.isSigningCertURL(certificateURL),
              let timestamp = ProviderEventReport.date(iso: envelope["Timestamp"]?.stringValue)
        else { throw WebhookRejection.invalidSignature }
        if let topic = keys.signingKey?.trimmingCharacters(in: .whitespacesAndNewlines),
           envelope["TopicArn"]?.stringValue != topic {
            throw WebhookRejection.invalidSignature
        }
        let age = now.timeIntervalSince(timestamp)
        guard age <= Self.maxAge, age >= -Self.maxSkew else { throw WebhookRejection.stale }
        let key = try await certificates.key(for: certificateURL, now: now)
        let bytes = Array(signed.utf8)
        let rsa = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let valid = version == "1"
            ? key.isValidSignature(rsa, for: Insecure.SHA1.hash(data: bytes), padding: .insecurePKCS1v1_5)
            : key.isValidSignature(rsa, for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5)
        guard valid else { throw WebhookRejection.invalidSignature }
        return .verified
    }

    /// The string SNS signs: `Key\nValue\n` for `Message`, `MessageId`, `Subject` (if present), `Timestamp`,
    /// `TopicArn`, `Type` of a Notification, and for `Message`, `MessageId`, `SubscribeURL`, `Timestamp`, `Token`,
    /// `TopicArn`, `Type` of a (Un)SubscriptionConfirmation. Nil for another type or a missing field.
    static func stringToSign(_ envelope: [String: JSONValue]) -> String? {
        let names: [String]
        switch envelope["Type"]?.stringValue {
        case "Notification": names = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
        case "SubscriptionConfirmation", "UnsubscribeConfirmation":
            names = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
        default: return nil
        }
        var text = ""
        for name in names {
            switch envelope[name] {
            case .string(let value)?: text += "\(name)\n\(value)\n"
            case nil, .null?: if name != "Subject" { return nil }
            default: return nil
            }
        }
        return text
    }

    /// Whether a `SigningCertURL` is one Herald fetches: an https `.pem` on an SNS host.
    static func isSigningCertURL(_ text: String) -> Bool {
        guard let url = snsURL(text) else { return false }
        return url.path.hasSuffix(".pem")
    }

    /// The URL if it is `https://sns.<region>.amazonaws.com[.cn]/…` (no credentials, no port other than 443).
    static func snsURL(_ text: String) -> URLComponents? {
        guard let url = URLComponents(string: text), url.scheme?.lowercased() == "https", url.user == nil,
              url.password == nil, url.port == nil || url.port == 443, let host = url.host, isSNSHost(host)
        else { return nil }
        return url
    }

    /// Whether a host is `sns.<region>.amazonaws.com` or `sns.<region>.amazonaws.com.cn`.
    static func isSNSHost(_ host: String) -> Bool {
        let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count == 4 || (labels.count == 5 && labels[4] == "cn"),
              labels[0] == "sns", labels[2] == "amazonaws", labels[3] == "com"
        else { return false }
        // An AWS region (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-3`), not any label: S3's
        // virtual-hosted names (`sns.s3.amazonaws.com`, `sns.s3-us-west-2.amazonaws.com`) belong to whoever owns a
        // bucket called "sns".
        let parts = labels[1].split(separator: "-", omittingEmptySubsequences: false)
        guard (3...4).contains(parts.count), parts[0].count == 2, parts[0].allSatisfy({ ("a"..."z").contains($0) }),
              let number = parts.last, !number.isEmpty, number.allSatisfy({ ("0"..."9").contains($0) })
        else { return false }
        return parts.dropFirst().dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { ("a"..."z").contains($0) } }
    }
}

/// The RSA keys of SNS signing certificates by URL: at most 16, each kept for an hour (and never past the
/// certificate's expiry). Failed fetches are not kept.
actor SNSCertificateCache {
    private struct Entry {
        let key: _RSA.Signing.PublicKey
        let fetchedAt: Date
        let notValidAfter: Date
    }

    static let capacity = 16
    static let lifetime: Double = 60 * 60
    /// Certificates larger than this are refused (AWS's are about 2 KB).
    static let maxBytes = 64 * 1024

    private let fetch: SNSMessageVerifier.FetchCertificate
    private var entries: [String: Entry] = [:]

    init(fetch: @escaping SNSMessageVerifier.FetchCertificate) { self.fetch = fetch }

    /// The certificate's key, from the cache or fetched.
    func key(for url: String, now: Date) async throws -> _RSA.Signing.PublicKey {
        if let entry = entries[url], now.timeIntervalSince(entry.fetchedAt) < Self.lifetime,
           now <= entry.notValidAfter {
            return entry.key
        }
        let bytes: [UInt8]
        do { bytes = try await fetch(url) } catch {
            throw HeraldError.unavailable("The Amazon SNS signing certificate could not be fetched; try again later")
        }
        let (key, notValidAfter) = try Self.publicKey(pem: bytes, now: now)
        entries = entries.filter { now.timeIntervalSince($0.value.fetchedAt) < Self.lifetime }
        if entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.fetchedAt < $1.value.fetchedAt }) {
            entries[oldest.key] = nil
        }
        entries[url] = Entry(key: key, fetchedAt: now, notValidAfter: notValidAfter)
        return key
    }

    /// How many certificates are cached (for tests).
    var count: Int { entries.count }

    /// The RSA key of a PEM certificate valid at `now`; anything else makes the signature invalid.
    static func publicKey(pem: [UInt8], now: Date) throws -> (_RSA.Signing.PublicKey, Date) {
        guard pem.count <= maxBytes,
              let certificate = try? Certificate(pemEncoded: String(decoding: pem, as: UTF8.self)),
              certificate.notValidBefore <= now, now <= certificate.notValidAfter,
              let key = _RSA.Signing.PublicKey(certificate.publicKey)
        else { throw WebhookRejection.invalidSignature }
        return (key, certificate.notValidAfter)
    }
}
