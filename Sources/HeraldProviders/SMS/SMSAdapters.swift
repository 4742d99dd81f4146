import HeraldCore

/// The SMS adapters (besides generic-sms), and the SMS providers still waiting for one.
public enum SMSAdapters {
    /// One adapter per SMS provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        [
            TwilioAdapter(http: http),
            SNSAdapter(http: http),
        ]
    }

    /// SMS providers without an adapter yet.
    public static let pending: Set<String> = [
        "africas-talking", "afro-message", "azure-sms", "bandwidth", "brevo-sms", "bulk-sms", "burst-sms",
        "clickatell", "clicksend", "cm-telecom", "eazy-sms", "firetext", "forty-six-elks", "gupshup", "imedia",
        "infobip-sms", "isend-sms", "isendpro-sms", "kannel", "maqsam", "messagebird", "mobishastra", "nexmo",
        "plivo", "ring-central", "sendchamp", "simpletexting", "sinch", "sms-central", "sms77", "smsmode",
        "telnyx", "termii", "unifonic",
    ]
}
