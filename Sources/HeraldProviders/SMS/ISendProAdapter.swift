import HeraldCore

/// iSendPro REST/JSON API: `POST https://apirest.isendpro.com/cgi-bin/sms`, JSON `{keyid, num, sms, emetteur,
/// tracker, smslong}` as iSendPro documents it — the number without `+`/`00`, `emetteur` from the delivery or `from`
/// (omitted without one: iSendPro's default sender), `tracker` the delivery id (iSendPro returns it with delivery
/// receipts; recorded as the message id, the answer has none), `smslong: "999"` so long text is split as needed.
/// Overrides (`overrides.isendpro-sms`) are merged into the body (`nostop`, `ucs2`, `date_envoi`, …). The answer
/// `{etat: {etat: [{code, tel, message}]}}` succeeds with code `0`; other codes are failures classified by iSendPro's
/// return codes. The check reads the account credit (`GET /cgi-bin/credit?keyid=…&credit=1`).
public struct ISendProAdapter: StatelessProviderAdapter {
    public let providerIds = ["isendpro-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://apirest.isendpro.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "isendpro-sms")
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue] = [
            "keyid": .string(try credentials.required("apiKey")), "num": .string(ISendSMSAdapter.international(sms.to)),
            "sms": .string(sms.content), "tracker": .string(context.deliveryId), "smslong": .string("999"),
        ]
        if let sender = sms.from ?? credentials.optional("from") { body["emetteur"] = .string(sender) }
        let url = try Self.endpoint.url("/cgi-bin/sms", credentials: integration.credentials)
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(SMSFields.merged(body, context.overrides))),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        let code = Self.errorCode(response)
        guard code == "0" else {
            throw Self.codes.failure(code, Self.state(response)?.value(atPath: "message")?.stringValue, status: response.status)
        }
        return ProviderReceipt(messageId: context.deliveryId)
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let keyid = try CredentialReader(integration.credentials).required("apiKey")
        let url = try Self.endpoint.url("/cgi-bin/credit", credentials: integration.credentials)
            + SMSFields.query([("keyid", keyid), ("credit", "1")])
        let response = try await Self.codes.classify {
            try await http.send(ProviderRequest("GET", url, headers: [("Accept", "application/json")]), code: Self.errorCode)
        }
        guard response.json?.value(atDottedPath: "etat.credit") != nil else {
            throw Self.codes.failure(Self.errorCode(response), Self.state(response)?.value(atPath: "message")?.stringValue,
                                     status: response.status, otherwise: .badCredentials)
        }
        return .passed
    }

    /// The first state of an answer: `etat.etat` is a list, or a single object in some answers.
    static func state(_ response: ProviderResponse) -> JSONValue? {
        let states = response.json?.value(atDottedPath: "etat.etat")
        return states?.arrayValue?.first ?? states
    }

    /// iSendPro's return code.
    static func errorCode(_ response: ProviderResponse) -> String? { SMSFields.text(state(response)?.value(atPath: "code")) }

    /// iSendPro return codes (isendpro.com/docs) that say more than "refused".
    static let codes = ProviderErrorCodes([
        "11": .rejected,            // the number is on the blacklist (liste noire)
        "21": .invalidRecipient,    // the number is not assigned
    ])
}
