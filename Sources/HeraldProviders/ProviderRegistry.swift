import HeraldCore

/// Every adapter Herald has, in one place, and the catalogue providers still waiting for one.
public enum ProviderRegistry {
    /// The adapters, over the shared provider client and the inbox.
    public static func adapters(http: ProviderHTTPClient, inbox: any InboxStore) -> [any ProviderAdapter] {
        let sender = HTTPSender(http: http)
        return [
            InAppProvider(inbox: inbox),
            WebhookProvider(sender: sender),
            GenericSMSProvider(sender: sender),
            SendGridAdapter(http: http),
            TwilioAdapter(http: http),
        ]
    }

    /// Catalogue providers without an adapter yet (the email, SMS and chat/push work shrinks this to the demo
    /// providers, which need Novu's own accounts).
    public static let pending: Set<String> = [
        // Demo providers: never (they need Novu's own accounts).
        "novu-email", "novu-sms", "novu-slack",
        // Email.
        "braze", "infobip-email", "mailersend", "mailgun", "mailjet", "mailtrap", "mandrill", "netcore", "nodemailer",
        "outlook365", "plunk", "postmark", "resend", "sendinblue", "ses", "sparkpost",
        // SMS.
        "africas-talking", "afro-message", "azure-sms", "bandwidth", "brevo-sms", "bulk-sms", "burst-sms",
        "clickatell", "clicksend", "cm-telecom", "eazy-sms", "firetext", "forty-six-elks", "gupshup", "imedia",
        "infobip-sms", "isend-sms", "isendpro-sms", "kannel", "maqsam", "messagebird", "mobishastra", "nexmo",
        "plivo", "ring-central", "sendchamp", "simpletexting", "sinch", "sms-central", "sms77", "smsmode", "sns",
        "telnyx", "termii", "unifonic",
        // Chat.
        "discord", "getstream", "grafana-on-call", "mattermost", "msteams", "rocket-chat", "ryver", "slack",
        "whatsapp-business", "zulip",
        // Push.
        "apns", "appio", "expo", "fcm", "one-signal", "pusher-beams", "pushpad",
    ]
}
