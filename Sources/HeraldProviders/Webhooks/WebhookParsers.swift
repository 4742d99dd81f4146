import HeraldCore

extension ProviderRegistry {
    /// Every provider webhook Herald reads (`GET /v1/integrations/webhook/provider/…/status` answers true for these).
    public static var webhookParsers: [any ProviderWebhookParser] {
        EmailWebhooks.all + SMSWebhooks.all
    }

    /// Every provider webhook Herald reads, with Amazon SNS signing certificates (SES events) fetched through the
    /// providers' client and the outbound guard.
    public static func webhookParsers(http: ProviderHTTPClient) -> [any ProviderWebhookParser] {
        webhookParsers + [SESWebhook(http: http)]
    }

    /// The providers whose webhooks Herald can register itself (`POST /v1/integrations/{id}/auto-configure`).
    public static func webhookConfigurers(http: ProviderHTTPClient) -> [any WebhookAutoConfigurer] {
        [SendGridWebhookSetup(http: http), MailgunWebhookSetup(http: http)]
    }
}
