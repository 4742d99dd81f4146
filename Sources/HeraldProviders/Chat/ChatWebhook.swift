import Foundation
import HeraldCore

/// What the chat adapters that post to a delivery's webhook URL (`to.webhookUrl`, the subscriber's channel
/// credential in Novu) share: the URL, the JSON post, and classification by the provider's error codes. The URL goes
/// through the outbound guard like every provider URL (``ProviderHTTPClient`` checks it).
enum ChatWebhook {
    /// The delivery's webhook URL; without one the delivery names no recipient this provider can reach.
    static func url(_ chat: ChatMessage, provider: String) throws -> String {
        guard let url = chat.webhookUrl?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "to.webhookUrl is required for \(provider)")
        }
        return url
    }

    /// Posts `body` merged with the delivery's overrides; an error status throws a failure classified by `codes`
    /// (the provider's code, from `code`), a 404 or 410 meaning the webhook is gone.
    static func post(
        _ body: [String: JSONValue], to url: String, http: ProviderHTTPClient, context: SendContext,
        headers: [(String, String)] = [], code: @escaping (ProviderResponse) -> String?,
        codes: [String: ProviderFailure.Reason] = [:]
    ) async throws -> ProviderResponse {
        var body = body
        body.merge(context.overrides) { _, override in override }
        return try await classified(codes) {
            try await http.send(
                ProviderRequest("POST", url, headers: headers, body: .json(.object(body))),
                timeout: .init(context.remaining), code: code)
        }
    }

    /// Reclassifies a failure by the provider's code where it says more than the status; a webhook that answers
    /// 404 or 410 no longer exists, so the recipient is invalid.
    static func classified<T>(
        _ codes: [String: ProviderFailure.Reason], _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            let byCode = failure.providerCode.flatMap { codes[$0] }
            let gone = failure.httpStatus == 404 || failure.httpStatus == 410 ? ProviderFailure.Reason.invalidRecipient : nil
            guard let reason = byCode ?? gone, reason != failure.reason else { throw failure }
            throw ProviderFailure(reason, failure.message, providerCode: failure.providerCode, httpStatus: failure.httpStatus,
                                  retryAfter: failure.retryAfter)
        }
    }

    /// A plain-text error token (`invalid_payload`, `no_service`) as the provider code.
    static func textCode(_ response: ProviderResponse) -> String? {
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 64,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") })
        else { return nil }
        return text
    }

    /// A JSON string or number as text.
    static func string(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        return value.stringValue ?? String(decoding: value.encoded(), as: UTF8.self)
    }
}
