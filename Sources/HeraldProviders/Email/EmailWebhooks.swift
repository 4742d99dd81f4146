import HeraldCore

/// The email providers whose event webhooks Herald verifies and reads.
enum EmailWebhooks {
    static let all: [any ProviderWebhookParser] = [
        SendGridWebhook(), MailgunWebhook(), ResendWebhook(), PostmarkWebhook(), MailjetWebhook(), BrevoWebhook(),
        MandrillWebhook(),
    ]

    /// Amazon SES through Amazon SNS; `fetchCertificate` returns the PEM at an SNS `SigningCertURL`.
    static func ses(fetchCertificate: @escaping @Sendable (String) async throws -> [UInt8]) -> any ProviderWebhookParser {
        SESWebhook(fetchCertificate: fetchCertificate)
    }
}
