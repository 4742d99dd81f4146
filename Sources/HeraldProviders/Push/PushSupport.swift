import Foundation
import HeraldCore

/// What the push adapters share: the typed message, per-token results folded into one receipt, string-valued data
/// maps, deep merges of overrides, and compact JWTs.
enum PushFields {
    /// The push message, or a misconfiguration naming the provider.
    static func push(_ message: ChannelMessage, _ providerId: String) throws -> PushMessage {
        guard case .push(let push) = message else { throw ProviderFailure.misconfigured("\(providerId) sends push notifications only") }
        guard !push.deviceTokens.isEmpty else { throw ProviderFailure(.rejected, "to.deviceTokens is empty") }
        return push
    }

    /// One token's outcome: the provider's message id, or why this token failed.
    typealias Outcome = (token: String, result: Result<String?, ProviderFailure>)

    /// Folds per-token outcomes into a receipt: the tokens that failed are listed with their failure while the others
    /// succeed; when every token failed, throws — the first failure that is not about the token itself (bad
    /// credentials, rate limits, outages say more about the integration), else the first — listing every token with
    /// its own failure (so dead tokens are known even then).
    static func receipt(_ outcomes: [Outcome]) throws -> ProviderReceipt {
        let failures = outcomes.compactMap { outcome -> ProviderFailure? in
            if case .failure(let failure) = outcome.result { return failure }
            return nil
        }
        let recipients = outcomes.map { outcome in
            switch outcome.result {
            case .success(let id): ProviderReceipt.Recipient(address: outcome.token, messageId: id)
            case .failure(let failure): ProviderReceipt.Recipient(address: outcome.token, failure: failure)
            }
        }
        if !outcomes.isEmpty, failures.count == outcomes.count {
            var thrown = failures.first { $0.reason != .invalidDeviceToken } ?? failures[0]
            thrown.recipients = recipients
            throw thrown
        }
        let first = recipients.first { $0.failure == nil }?.messageId
        return ProviderReceipt(messageId: first, recipients: recipients)
    }

    /// Sends one request per token, at most `width` at a time, and folds the outcomes with ``receipt(_:)``. Refused
    /// credentials concern the whole integration: they stop the rest and are thrown.
    static func perToken(
        _ tokens: [String], width: Int = 8, _ send: @escaping @Sendable (String) async throws -> String?
    ) async throws -> ProviderReceipt {
        var outcomes: [Int: Outcome] = [:]
        try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func start() {
                guard next < tokens.count else { return }
                let index = next
                let token = tokens[index]
                next += 1
                group.addTask {
                    do {
                        return (index, (token, .success(try await send(token))))
                    } catch {
                        return (index, (token, .failure(ProviderHTTPClient.classify(error))))
                    }
                }
            }
            for _ in 0..<min(width, tokens.count) { start() }
            while let (index, outcome) = try await group.next() {
                outcomes[index] = outcome
                if case .failure(let failure) = outcome.result, failure.reason == .badCredentials {
                    group.cancelAll()
                    throw failure
                }
                start()
            }
        }
        return try receipt(tokens.indices.compactMap { outcomes[$0] })
    }

    /// Sends the tokens in batches of `size`, one request after the other, and folds the outcomes with
    /// ``receipt(_:)``. A batch that fails lists its tokens with that failure (the batches already sent are not sent
    /// again by a retry); refused credentials are thrown at once.
    static func perBatch(
        _ tokens: [String], size: Int, _ send: ([String]) async throws -> [Outcome]
    ) async throws -> ProviderReceipt {
        var outcomes: [Outcome] = []
        for start in stride(from: 0, to: tokens.count, by: size) {
            let batch = Array(tokens[start..<min(start + size, tokens.count)])
            do {
                outcomes += try await send(batch)
            } catch {
                let failure = ProviderHTTPClient.classify(error)
                if failure.reason == .badCredentials { throw failure }
                outcomes += batch.map { ($0, .failure(failure)) }
            }
        }
        return try receipt(outcomes)
    }

    /// Custom data as FCM-style string values: strings as they are, anything else as its JSON text.
    static func stringMap(_ data: JSONValue?) -> [String: JSONValue] {
        guard let members = data?.objectValue else { return [:] }
        var map: [String: JSONValue] = [:]
        for (key, value) in members where value != .null {
            map[key] = .string(value.stringValue ?? String(decoding: value.encoded(), as: UTF8.self))
        }
        return map
    }

    /// `base` with `overlay` merged in: objects merge member by member, anything else is replaced by the overlay.
    static func deepMerge(_ base: [String: JSONValue], _ overlay: [String: JSONValue]) -> [String: JSONValue] {
        var result = base
        for (key, value) in overlay {
            if case .object(let inner) = value, case .object(let existing)? = result[key] {
                result[key] = .object(deepMerge(existing, inner))
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// An object without its empty members (nil values are never added; empty nested objects are dropped).
    static func compact(_ members: [String: JSONValue?]) -> JSONValue? {
        var result: [String: JSONValue] = [:]
        for (key, value) in members {
            guard let value else { continue }
            if case .object(let inner) = value, inner.isEmpty { continue }
            result[key] = value
        }
        return result.isEmpty ? nil : .object(result)
    }

    /// Whether a click action is a web link (`https://…`), as web-push link fields require.
    static func isWebLink(_ text: String?) -> Bool { text?.lowercased().hasPrefix("https://") == true }

    /// A number value.
    static func number(_ value: Int?) -> JSONValue? { value.map { .number(Double($0)) } }

    /// A string value.
    static func string(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }
}

/// A token an adapter obtains and reuses until shortly before it expires (an OAuth2 access token, a provider JWT),
/// kept by a session. Concurrent callers share one fetch.
actor TokenCache {
    private var current: (token: String, refreshAt: ContinuousClock.Instant)?
    private var inFlight: Task<(token: String, lifetime: Duration), any Error>?

    /// The cached token, or a fresh one from `fetch` (which returns the token and how long it is valid; it is
    /// replaced after 90% of that time, at most five minutes early).
    func token(_ fetch: @escaping @Sendable () async throws -> (token: String, lifetime: Duration)) async throws -> String {
        if let current, ContinuousClock.now < current.refreshAt { return current.token }
        if let inFlight { return try await inFlight.value.token }
        let task = Task { try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        let fresh = try await task.value
        let margin = min(fresh.lifetime / 10, .seconds(300))
        current = (fresh.token, ContinuousClock.now + fresh.lifetime - margin)
        return fresh.token
    }

    /// Drops `token` if it is the cached one (the provider refused it).
    func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }
}

/// Compact JSON Web Tokens (RFC 7519): base64url header and claims, signed by the caller.
enum JWT {
    /// `header.claims` in base64url, ready to sign.
    static func signingInput(header: JSONValue, claims: JSONValue) -> String {
        base64URL(Array(header.encoded())) + "." + base64URL(Array(claims.encoded()))
    }

    /// Unpadded base64url (RFC 4648 §5).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Seconds since 1970, now.
    static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
