import HeraldCore

/// The email adapters, and the email providers still waiting for one.
public enum EmailAdapters {
    /// One adapter per email provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        [
            SendGridAdapter(http: http),
            SESAdapter(http: http),
            PostmarkAdapter(http: http),
            ResendAdapter(http: http),
            MailjetAdapter(http: http),
            MandrillAdapter(http: http),
            BrevoAdapter(http: http),
            MailerSendAdapter(http: http),
            MailtrapAdapter(http: http),
            SparkPostAdapter(http: http),
            PlunkAdapter(http: http),
            MailgunAdapter(http: http),
            SMTPAdapter(outbound: http.outbound, trustRoots: http.trustRoots),
            InfobipEmailAdapter(http: http),
            BrazeAdapter(http: http),
            NetcoreAdapter(http: http),
        ]
    }

    /// Email providers without an adapter yet.
    public static let pending: Set<String> = []
}
