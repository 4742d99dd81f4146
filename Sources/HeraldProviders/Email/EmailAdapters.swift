import HeraldCore

/// The email adapters, and the email providers still waiting for one.
public enum EmailAdapters {
    /// One adapter per email provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        [
            SendGridAdapter(http: http),
            SESAdapter(http: http),
        ]
    }

    /// Email providers without an adapter yet.
    public static let pending: Set<String> = [
        "braze", "infobip-email", "mailersend", "mailgun", "mailjet", "mailtrap", "mandrill", "netcore", "nodemailer",
        "outlook365", "plunk", "postmark", "resend", "sendinblue", "sparkpost",
    ]
}
