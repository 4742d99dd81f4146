extension ProviderCatalogue {
    /// The 38 SMS providers of Novu's catalogue, in catalogue order.
    static let sms: [ProviderDescriptor] = [
        ProviderDescriptor(id: "novu-sms", displayName: "Novu SMS", channel: .sms, credentials: [], beta: false),
        ProviderDescriptor(id: "nexmo", displayName: "Nexmo", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "plivo", displayName: "Plivo", channel: .sms, credentials: [
            .init("accountSid", required: true),
            .init("token", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sms77", displayName: "sms77", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sns", displayName: "SNS", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
            .init("region", required: true),
        ], beta: false),
        ProviderDescriptor(id: "telnyx", displayName: "Telnyx", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("messageProfileId", required: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "messagebird", displayName: "MessageBird", channel: .sms, credentials: [
            .init("accessKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "twilio", displayName: "Twilio", channel: .sms, credentials: [
            .init("accountSid", required: true),
            .init("token", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "gupshup", displayName: "Gupshup", channel: .sms, credentials: [
            .init("user", required: true),
            .init("password", required: true, secret: true),
        ], beta: false),
        ProviderDescriptor(id: "firetext", displayName: "Firetext", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "infobip-sms", displayName: "Infobip", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("baseUrl", required: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "burst-sms", displayName: "Kudosity (formerly BurstSMS)", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
        ], beta: false),
        ProviderDescriptor(id: "bulk-sms", displayName: "BulkSMS", channel: .sms, credentials: [
            .init("apiToken", required: true, secret: true),
            .init("from"),
        ], beta: false),
        ProviderDescriptor(id: "isend-sms", displayName: "iSend SMS", channel: .sms, credentials: [
            .init("apiToken", required: true, secret: true),
            .init("from"),
            .init("contentType", kind: .dropdown),
        ], beta: false),
        ProviderDescriptor(id: "clickatell", displayName: "clickatell", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
        ], beta: true),
        ProviderDescriptor(id: "forty-six-elks", displayName: "46elks", channel: .sms, credentials: [
            .init("user", required: true),
            .init("password", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "kannel", displayName: "Kannel SMS", channel: .sms, credentials: [
            .init("host", required: true),
            .init("port", required: true, kind: .number),
            .init("user"),
            .init("password", secret: true),
            .init("from", required: true),
        ], beta: true),
        ProviderDescriptor(id: "maqsam", displayName: "Maqsam", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sms-central", displayName: "SMS Central", channel: .sms, credentials: [
            .init("user", required: true),
            .init("password", required: true, secret: true),
            .init("baseUrl"),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "termii", displayName: "Termii", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "africas-talking", displayName: "Africa's Talking", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("user", required: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sendchamp", displayName: "Sendchamp", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "generic-sms", displayName: "SMS Webhook", channel: .sms, credentials: [
            .init("baseUrl", required: true),
            .init("apiKeyRequestHeader", required: true),
            .init("apiKey", required: true, secret: true),
            .init("secretKeyRequestHeader"),
            .init("secretKey", secret: true),
            .init("idPath", required: true),
            .init("datePath"),
            .init("authenticateByToken", kind: .switch),
            .init("domain"),
            .init("authenticationTokenKey"),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "clicksend", displayName: "Clicksend", channel: .sms, credentials: [
            .init("user", required: true),
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "simpletexting", displayName: "SimpleTexting", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "bandwidth", displayName: "Bandwidth", channel: .sms, credentials: [
            .init("user", required: true),
            .init("password", required: true, secret: true),
            .init("accountSid", required: true),
            .init("from", required: true),
        ], beta: true),
        ProviderDescriptor(id: "azure-sms", displayName: "Azure Sms", channel: .sms, credentials: [
            .init("accessKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "ring-central", displayName: "RingCentral", channel: .sms, credentials: [
            .init("clientId", required: true),
            .init("secretKey", required: true, secret: true),
            .init("secure", kind: .switch),
            .init("token", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "brevo-sms", displayName: "Brevo", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "eazy-sms", displayName: "Eazy", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("channelId", required: true),
        ], beta: false),
        ProviderDescriptor(id: "mobishastra", displayName: "Mobishastra", channel: .sms, credentials: [
            .init("baseUrl", required: true),
            .init("user", required: true),
            .init("password", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sinch", displayName: "Sinch", channel: .sms, credentials: [
            .init("servicePlanId", required: true),
            .init("apiToken", required: true, secret: true),
            .init("region", required: true, kind: .dropdown),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "afro-message", displayName: "Afro Message", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("senderName", required: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "unifonic", displayName: "Unifonic", channel: .sms, credentials: [
            .init("appSid", required: true),
            .init("senderId", required: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "smsmode", displayName: "smsmode", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "imedia", displayName: "iMedia", channel: .sms, credentials: [
            .init("token", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
        ProviderDescriptor(id: "isendpro-sms", displayName: "iSendPro", channel: .sms, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from"),
        ], beta: false),
        ProviderDescriptor(id: "cm-telecom", displayName: "CM.com", channel: .sms, credentials: [
            .init("apiToken", required: true, secret: true),
            .init("from", required: true),
        ], beta: false),
    ]
}
