/// Registers Herald's webhook URL with a provider through its documented API (`POST /v1/integrations/{id}/auto-configure`)
/// and returns the key that provider signs its webhooks with (stored as `configurations.inboundWebhookSigningKey`).
public protocol WebhookAutoConfigurer: Sendable {
    /// The catalogue ids it configures.
    var providerIds: [String] { get }
    /// Registers `url` for the integration's delivery events; throws ``ProviderFailure`` when the provider refuses.
    func configure(_ integration: Integration, url: String) async throws -> String
}
