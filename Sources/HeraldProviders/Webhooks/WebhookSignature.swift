import Crypto
import Foundation
import HeraldCore
import Synchronization

/// The pieces every provider's webhook check uses: HMACs, constant-time comparison, timestamp windows.
enum WebhookSignature {
    /// HMAC-SHA256 of `message` under `key`.
    static func hmacSHA256(key: some DataProtocol, _ message: some DataProtocol) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key))))
    }

    /// HMAC-SHA1 of `message` under `key` (Twilio, Mandrill).
    static func hmacSHA1(key: some DataProtocol, _ message: some DataProtocol) -> Data {
        Data(HMAC<Insecure.SHA1>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key))))
    }

    /// HMAC-SHA512 of `message` under `key`.
    static func hmacSHA512(key: some DataProtocol, _ message: some DataProtocol) -> Data {
        Data(HMAC<SHA512>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key))))
    }

    /// Compares two byte strings in time independent of where they differ.
    static func equal(_ a: some DataProtocol, _ b: some DataProtocol) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// Compares two strings (signatures, passwords, tokens) in time that depends on neither their contents nor
    /// their lengths: their SHA-256 digests are compared.
    static func equal(_ a: String, _ b: String) -> Bool {
        equal(Array(SHA256.hash(data: Array(a.utf8))), Array(SHA256.hash(data: Array(b.utf8))))
    }

    /// Tokens and nonces already seen (Mailgun's token, Plivo's V2 nonce), for schemes whose signature does not
    /// cover the body: a captured signature cannot be replayed with another body within its window. Per instance,
    /// bounded, each entry kept for `window` seconds.
    static let seen = SeenTokens()

    /// Lowercase hex of bytes.
    static func hex(_ bytes: some DataProtocol) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Throws ``WebhookRejection/stale`` unless the Unix time `timestamp` (seconds, as text) is within `tolerance`
    /// seconds of `now`, either way.
    static func requireFresh(_ timestamp: String?, now: Date, tolerance: Double) throws {
        guard let text = timestamp?.trimmingCharacters(in: .whitespaces), let seconds = Double(text),
              seconds.isFinite else { throw WebhookRejection.invalidSignature }
        guard abs(now.timeIntervalSince1970 - seconds) <= tolerance else { throw WebhookRejection.stale }
    }

    /// The common decision before checking a signature: with no signature present, `.unsigned` unless one is
    /// required; with a signature but no key, ``WebhookRejection/noKey`` when required, else `.unsigned` (nothing to
    /// check it with). Returns the key when there is something to verify.
    static func key(present: Bool, key: String?, required: Bool) throws -> String? {
        guard present else {
            if required { throw WebhookRejection.missingSignature }
            return nil
        }
        guard let key else {
            if required { throw WebhookRejection.noKey }
            return nil
        }
        return key
    }
}

/// Svix signatures (Resend and others) and the Standard Webhooks scheme they share: headers `svix-id` /
/// `webhook-id`, `svix-timestamp` / `webhook-timestamp`, `svix-signature` / `webhook-signature` holding
/// space-separated `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>` entries, where the key is the base64
/// after `whsec_`. Timestamps more than five minutes off are refused.
enum SvixSignature {
    static let tolerance: Double = 5 * 60

    static func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let id = webhook.header("svix-id") ?? webhook.header("webhook-id")
        let timestamp = webhook.header("svix-timestamp") ?? webhook.header("webhook-timestamp")
        let signatures = webhook.header("svix-signature") ?? webhook.header("webhook-signature")
        guard let secret = try WebhookSignature.key(present: signatures != nil, key: keys.signingKey,
                                                    required: keys.required) else { return .unsigned }
        guard let id, let timestamp, let signatures else { throw WebhookRejection.invalidSignature }
        try WebhookSignature.requireFresh(timestamp, now: now, tolerance: tolerance)
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let key = Data(base64Encoded: encoded) else { throw WebhookRejection.noKey }
        let signed = Array("\(id).\(timestamp).".utf8) + webhook.body
        let expected = WebhookSignature.hmacSHA256(key: key, signed).base64EncodedString()
        for entry in signatures.split(separator: " ") {
            let parts = entry.split(separator: ",", maxSplits: 1)
            if parts.count == 2, parts[0] == "v1", WebhookSignature.equal(String(parts[1]), expected) {
                return .verified
            }
        }
        throw WebhookRejection.invalidSignature
    }
}

extension JSONValue {
    /// The string at a dotted path, or a number there as text (ids that providers send as numbers).
    func text(at path: String) -> String? {
        guard let value = value(atDottedPath: path) else { return nil }
        switch value {
        case .string(let text): return text
        case .number(let number):
            if number.rounded() == number, abs(number) < 9e15 { return String(Int64(number)) }
            return String(number)
        default: return nil
        }
    }

    /// The items of a body that is either one event object or an array of them.
    var eventItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return [self]
    }
}

/// The check for providers that do not sign webhooks but let the receiver's URL or webhook settings carry
/// credentials (Postmark, Mailjet, Brevo, Bandwidth, Sinch, Infobip, …), against
/// `configurations.inboundWebhookSigningKey`: Basic authorization must carry `user:password` when the key has that
/// form, or the key as its password; a bearer token must equal the key.
enum WebhookAuthorization {
    static func verify(_ webhook: InboundWebhook, keys: WebhookKeys) throws -> WebhookVerification {
        let header = webhook.header("authorization")
        guard let key = try WebhookSignature.key(present: header != nil, key: keys.signingKey, required: keys.required)
        else { return .unsigned }
        guard let header = header?.trimmingCharacters(in: .whitespaces), header.count > 7 else {
            throw WebhookRejection.invalidSignature
        }
        let scheme = header.prefix(7).lowercased()
        if scheme == "bearer " {
            guard WebhookSignature.equal(String(header.dropFirst(7)), key) else { throw WebhookRejection.invalidSignature }
            return .verified
        }
        guard scheme.hasPrefix("basic "),
              let decoded = Data(base64Encoded: header.dropFirst(6).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: decoded, encoding: .utf8)
        else { throw WebhookRejection.invalidSignature }
        let presented = key.contains(":")
            ? pair : String(pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).last ?? "")
        guard WebhookSignature.equal(presented, key) else { throw WebhookRejection.invalidSignature }
        return .verified
    }
}

extension ProviderEventReport {
    /// A Unix time in seconds (a number or numeric text) as a date.
    static func date(seconds value: JSONValue?) -> Date? {
        switch value {
        case .number(let number)?: return Date(timeIntervalSince1970: number)
        case .string(let text)?: return Double(text).map { Date(timeIntervalSince1970: $0) }
        default: return nil
        }
    }

    /// A date in the forms providers send: ISO 8601 with or without fractional seconds and with `Z`, `+00:00` or
    /// `+0000`; without a zone (46elks) or as `yyyy-MM-dd HH:mm:ss` (Vonage, Termii), UTC.
    static func date(iso text: String?) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text) { return date }
        for format in ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
                       "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// Recently used one-time values, by provider (see ``WebhookSignature/seen``).
final class SeenTokens: Sendable {
    private let entries = Mutex<[String: Date]>([:])
    private let capacity = 50_000

    /// Records `token`; false when it was already used within `window` seconds (a replay).
    func firstUse(_ token: String, provider: String, now: Date, window: Double) -> Bool {
        let key = provider + ":" + token
        return entries.withLock { entries in
            if let seen = entries[key], now.timeIntervalSince(seen) <= window { return false }
            if entries.count >= capacity {
                entries = entries.filter { now.timeIntervalSince($0.value) <= window }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[key] = now
            return true
        }
    }
}
