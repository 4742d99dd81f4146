/// `POST /v1/integrations/{id}/auto-configure`: registers Herald's inbound webhook URL with the provider (SendGrid,
/// Mailgun) and saves what it answered as `configurations.inboundWebhookEnabled: true` and
/// `inboundWebhookSigningKey`, as Novu does.
public struct WebhookAutoConfiguration: Sendable {
    private let integrations: IntegrationService
    private let configurers: [String: any WebhookAutoConfigurer]

    /// Creates the use case.
    public init(integrations: IntegrationService, configurers: [any WebhookAutoConfigurer]) {
        self.integrations = integrations
        var byId: [String: any WebhookAutoConfigurer] = [:]
        for configurer in configurers { for id in configurer.providerIds { byId[id] = configurer } }
        self.configurers = byId
    }

    /// What auto-configure did (Novu's `{success, message?, integration?}`).
    public struct Outcome: Sendable {
        public var success: Bool
        public var message: String?
        public var integration: Integration?
    }

    /// The URL a provider posts an integration's events to, under `base` (`--public-url` or the request's origin).
    public static func webhookURL(base: String, integration: Integration) -> String {
        var root = Substring(base)
        while root.hasSuffix("/") { root = root.dropLast() }
        return "\(root)/v2/inbound-webhooks/delivery-providers/\(integration.environmentId)/\(integration.id)"
    }

    /// Configures the integration's provider; a provider without an API for it is `success: false` with a message.
    /// A provider refusal is a 400 naming it (its answer redacted).
    public func configure(id: String, base: String, principal: Principal) async throws -> Outcome {
        let integration = try await integrations.get(id: id, principal: principal)
        guard let configurer = configurers[integration.providerId] else {
            return Outcome(success: false, message: "Auto-configuring webhooks is not supported for \(integration.providerId)")
        }
        let signingKey: String
        do {
            signingKey = try await configurer.configure(integration, url: Self.webhookURL(base: base, integration: integration))
        } catch let failure as ProviderFailure {
            let detail = failure.redacting(Redactor(integration.credentials)).message
            throw HeraldError.badRequest("\(integration.providerId) refused to configure the webhook: \(detail)")
        }
        var configurations = integration.configurations
        configurations.inboundWebhookEnabled = true
        configurations.inboundWebhookSigningKey = signingKey
        let updated = try await integrations.update(
            id: id, UpdateIntegrationInput(configurations: configurations), principal: principal)
        return Outcome(success: true, message: nil, integration: updated)
    }
}
