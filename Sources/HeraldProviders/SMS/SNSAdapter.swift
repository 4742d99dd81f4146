import HeraldCore

/// Amazon SNS text messages: `Publish` to a phone number over the Query API (`POST /`, form-encoded, Signature V4,
/// service `sns`, host `sns.{region}.amazonaws.com`). The message's `from` becomes the `AWS.SNS.SMS.SenderID`
/// attribute (where the destination country supports sender ids). The message id is `PublishResult/MessageId`;
/// errors are classified by the XML `<Code>`. The check calls `GetSMSAttributes`.
public struct SNSAdapter: StatelessProviderAdapter {
    public let providerIds = ["sns"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "secretKey", "region", "baseUrl"] }
    static let api = AWSRequest(service: "sns", hostPrefix: "sns")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .sms(let sms) = message else { throw ProviderFailure.misconfigured("sns sends text messages only") }
        var form = [("Action", "Publish"), ("Version", "2010-03-31"), ("PhoneNumber", sms.to), ("Message", sms.content)]
        var entry = 0
        func attribute(_ name: String, _ value: String) {
            entry += 1
            form += [("MessageAttributes.entry.\(entry).Name", name),
                     ("MessageAttributes.entry.\(entry).Value.DataType", "String"),
                     ("MessageAttributes.entry.\(entry).Value.StringValue", value)]
        }
        if let from = sms.from { attribute("AWS.SNS.SMS.SenderID", from) }
        for (name, value) in context.overrides.sorted(by: { $0.key < $1.key }) {
            // overrides.sns: SMS attributes by name, e.g. {"AWS.SNS.SMS.SMSType": "Transactional"}.
            if let text = value.stringValue { attribute(name, text) }
        }
        let request = try Self.api.request("POST", "/", body: .form(form), integration: integration)
        let response = try await AWSRequest.classified(Self.codes) {
            try await http.send(request, timeout: .init(context.remaining), code: AWSRequest.errorCode)
        }
        return ProviderReceipt(messageId: AWSRequest.xmlValue("MessageId", in: response.text))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = try Self.api.request(
            "POST", "/", body: .form([("Action", "GetSMSAttributes"), ("Version", "2010-03-31")]), integration: integration)
        _ = try await AWSRequest.classified(Self.codes) { try await http.send(request, code: AWSRequest.errorCode) }
        return .passed
    }

    /// SNS error codes Herald classifies specially (the shared AWS ones are in ``AWSRequest``).
    static let codes: [String: ProviderFailure.Reason] = [
        "InvalidParameter": .rejected,            // e.g. "Invalid parameter: PhoneNumber"
        "InvalidParameterValue": .rejected,
        "OptedOut": .invalidRecipient,
        "Throttled": .rateLimited,
        "ThrottledException": .rateLimited,
        "KMSThrottling": .rateLimited,
        "InternalError": .providerUnavailable,
    ]
}
