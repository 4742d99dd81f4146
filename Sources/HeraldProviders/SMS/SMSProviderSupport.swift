import HeraldCore

/// A provider's documented error codes that say more than the HTTP status (Twilio's `codes` table is the model):
/// a failure carrying one of them is reclassified, and an error a provider reports inside a 2xx answer becomes a
/// failure with the reason the table gives.
struct ProviderErrorCodes: Sendable {
    let table: [String: ProviderFailure.Reason]

    init(_ table: [String: ProviderFailure.Reason]) { self.table = table }

    /// Runs a request; a ``ProviderFailure`` whose provider code is in the table takes that reason.
    func classify<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            throw failure.reclassified(by: table)
        }
    }

    /// A failure the provider reported inside a 2xx answer: the table's reason for the code, else `otherwise`.
    func failure(_ code: String?, _ detail: String?, status: Int, otherwise: ProviderFailure.Reason = .rejected) -> ProviderFailure {
        let reason = code.flatMap { table[$0] } ?? otherwise
        let text = detail.map { String($0.prefix(400)) } ?? "no description"
        return ProviderFailure(reason, "HTTP \(status), provider error \(code ?? "(none)"): \(text)", providerCode: code,
                               httpStatus: status)
    }
}

/// Small helpers the SMS adapters share.
enum SMSFields {
    /// The SMS of a message, or a misconfiguration naming the provider.
    static func sms(_ message: ChannelMessage, _ providerId: String) throws -> SMSMessage {
        guard case .sms(let sms) = message else { throw ProviderFailure.misconfigured("\(providerId) sends text messages only") }
        return sms
    }

    /// The number without a leading `+`, for providers that document international numbers without it.
    static func withoutPlus(_ number: String) -> String {
        number.hasPrefix("+") ? String(number.dropFirst()) : number
    }

    /// A JSON string or number as text (`12` → "12"), nil for anything else.
    static func text(_ value: JSONValue?) -> String? { JSONPostAPI.string(value) }

    /// The form with the delivery's overrides merged in: an override replaces the field of the same name; strings,
    /// numbers and booleans are sent as text, arrays repeat the field, anything else is left out.
    static func form(_ fields: [(String, String)], overrides: [String: JSONValue]) -> [(String, String)] {
        var result = fields.filter { overrides[$0.0] == nil }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            for item in value.arrayValue ?? [value] {
                switch item {
                case .string(let text): result.append((name, text))
                case .number, .bool: result.append((name, String(decoding: item.encoded(), as: UTF8.self)))
                default: continue
                }
            }
        }
        return result
    }

    /// The object with the delivery's overrides merged in (an override wins).
    static func merged(_ body: [String: JSONValue], _ overrides: [String: JSONValue]) -> JSONValue {
        .object(body.merging(overrides) { _, override in override })
    }

    /// A credential that goes into a URL path: letters, digits, `-` and `_` only.
    static func pathSafe(_ value: String, key: String) throws -> String {
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ProviderFailure.misconfigured("credentials.\(key) must be letters and digits")
        }
        return value
    }

    /// A query string component (RFC 3986 unreserved characters kept).
    static func query(_ pairs: [(String, String)]) -> String {
        "?" + FormEncoding.encode(pairs)
    }
}
