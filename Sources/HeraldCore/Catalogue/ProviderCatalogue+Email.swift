extension ProviderCatalogue {
    /// The 19 email providers of Novu's catalogue, in catalogue order.
    static let email: [ProviderDescriptor] = [
        ProviderDescriptor(id: "novu-email", displayName: "Novu Email", channel: .email, credentials: [], beta: false),
        ProviderDescriptor(id: "mailgun", displayName: "Mailgun", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("baseUrl"),
            .init("user", required: true),
            .init("domain", required: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "mailjet", displayName: "Mailjet", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "mailtrap", displayName: "Mailtrap", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "mandrill", displayName: "Mandrill", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "postmark", displayName: "Postmark", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sendgrid", displayName: "SendGrid", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("region", kind: .dropdown),
            .init("ipPoolName"),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sendinblue", displayName: "Brevo (formerly Sendinblue)", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "ses", displayName: "SES", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
            .init("region", required: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "netcore", displayName: "Netcore", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "nodemailer", displayName: "Custom SMTP", channel: .email, credentials: [
            .init("user"),
            .init("password", secret: true),
            .init("host", required: true),
            .init("port", required: true, kind: .number),
            .init("secure", kind: .switch),
            .init("requireTls", kind: .switch),
            .init("ignoreTls", kind: .switch),
            .init("tlsOptions", kind: .object),
            .init("domain"),
            .init("secretKey", secret: true),
            .init("accountSid"),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "mailersend", displayName: "MailerSend", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "outlook365", displayName: "Microsoft Outlook365", channel: .email, credentials: [
            .init("password", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "infobip-email", displayName: "Infobip", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("baseUrl", required: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "braze", displayName: "Braze", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("apiURL", required: true),
            .init("appID", required: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "resend", displayName: "Resend", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "plunk", displayName: "Plunk", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "sparkpost", displayName: "SparkPost", channel: .email, credentials: [
            .init("apiKey", required: true, secret: true),
            .init("region", kind: .dropdown),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: false),
        ProviderDescriptor(id: "email-webhook", displayName: "Email Webhook", channel: .email, credentials: [
            .init("webhookUrl", required: true, secret: true),
            .init("secretKey", required: true, secret: true),
            .init("from", required: true),
            .init("senderName", required: true),
        ], beta: true),
    ]
}
