import HeraldCore

/// Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, Basic
/// auth with the account SID and auth token. `from` may be a number, an alphanumeric sender id, or a Messaging
/// Service SID (`MG…`, sent as `MessagingServiceSid`). Overrides (`overrides.twilio`) become form fields in Twilio's
/// PascalCase (`statusCallback` → `StatusCallback`, `mediaUrl: [...]` → repeated `MediaUrl`). The id is `sid`;
/// errors `{code, message, more_info, status}` are classified by Twilio's error code. The check fetches the account.
public struct TwilioAdapter: StatelessProviderAdapter {
    public let providerIds = ["twilio"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["accountSid", "token", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://api.twilio.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .sms(let sms) = message else { throw ProviderFailure.misconfigured("twilio sends text messages only") }
        let credentials = CredentialReader(integration.credentials)
        let sid = try credentials.required("accountSid")
        let from = try sms.from ?? credentials.required("from")
        var form: [(String, String)] = [("To", sms.to)]
        form.append(Self.isMessagingService(from) ? ("MessagingServiceSid", from) : ("From", from))
        form.append(("Body", sms.content))
        form += Self.formFields(context.overrides)
        let url = try Self.endpoint.url("/2010-04-01/Accounts/\(Self.pathSafe(sid))/Messages.json", credentials: integration.credentials)
        let response = try await Self.classified {
            try await http.send(
                ProviderRequest("POST", url, body: .form(form), auth: .basic(user: sid, password: try credentials.required("token"))),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        return ProviderReceipt(messageId: response.json?.value(atPath: "sid")?.stringValue)
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let sid = try credentials.required("accountSid")
        let url = try Self.endpoint.url("/2010-04-01/Accounts/\(Self.pathSafe(sid)).json", credentials: integration.credentials)
        _ = try await Self.classified {
            try await http.send(
                ProviderRequest("GET", url, auth: .basic(user: sid, password: try credentials.required("token"))), code: Self.errorCode)
        }
        return .passed
    }

    /// `MG` followed by 32 hex digits: a Messaging Service SID.
    static func isMessagingService(_ from: String) -> Bool {
        from.count == 34 && from.hasPrefix("MG") && from.dropFirst(2).allSatisfy(\.isHexDigit)
    }

    /// An account SID in a URL path: letters and digits only.
    static func pathSafe(_ sid: String) throws -> String {
        guard !sid.isEmpty, sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ProviderFailure.misconfigured("credentials.accountSid must be letters and digits (AC…)")
        }
        return sid
    }

    /// camelCase override keys as Twilio's PascalCase form fields; arrays repeat the field.
    static func formFields(_ overrides: [String: JSONValue]) -> [(String, String)] {
        var fields: [(String, String)] = []
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            let name = key.prefix(1).uppercased() + key.dropFirst()
            let values = value.arrayValue ?? [value]
            for item in values {
                switch item {
                case .string(let text): fields.append((name, text))
                case .number, .bool: fields.append((name, String(decoding: item.encoded(), as: UTF8.self)))
                default: continue
                }
            }
        }
        return fields
    }

    /// Twilio's `code`, as the provider code.
    static func errorCode(_ response: ProviderResponse) -> String? {
        guard let code = response.json?.value(atPath: "code") else { return nil }
        return code.stringValue ?? String(decoding: code.encoded(), as: UTF8.self)
    }

    /// Reclassifies by Twilio's documented error codes where they say more than the status.
    static func classified<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            throw failure.reclassified(by: codes)
        }
    }

    /// Twilio error dictionary entries Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "21211": .invalidRecipient,   // invalid To number
        "21614": .invalidRecipient,   // To is not a mobile number
        "21612": .invalidRecipient,   // cannot route to this number
        "21408": .rejected,           // permission to send to this region is not enabled
        "21610": .rejected,           // the recipient replied STOP
        "21606": .misconfigured,      // From is not a valid SMS-capable number of the account
        "21659": .misconfigured,      // From is not a Twilio number
        "20003": .badCredentials,     // authentication failed
        "20404": .misconfigured,      // the account (resource) was not found
        "20429": .rateLimited,        // too many requests
        "30001": .rateLimited,        // queue overflow
        "21611": .rateLimited,        // the From number's queue is full
    ]
}
