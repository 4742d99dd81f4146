import HeraldCore
import Hummingbird
import Logging

/// What the HTTP layer needs from the composition root.
public struct HTTPDependencies: Sendable {
    /// The integration use cases.
    public var integrations: IntegrationService
    /// The delivery use cases.
    public var deliveries: DeliveryService
    /// Circuit breakers, for the integration health route.
    public var breakers: CircuitBreakers
    /// The in-app inbox.
    public var inbox: any InboxStore
    /// Tenancy storage, for authentication and environment look-ups.
    public var tenancy: any TenancyStore
    /// Whether the database answers, for `/health`.
    public var healthCheck: @Sendable () async -> Bool
    /// The Prometheus exposition text for `/metrics`.
    public var metricsText: @Sendable () async -> String = { "" }
    /// The largest `POST /v1/deliveries` body (attachments included; `--max-delivery-bytes`).
    public var maxDeliveryBytes = JSONBody.maxDeliveryBytes
    /// The catalogue providers Herald can send through (`canSend` in `GET /v1/providers`).
    public var sendableProviderIds: Set<String> = []
    /// The subscriber use cases (`/v1/subscribers`); the routes exist only when set.
    public var subscribers: SubscriberService?
    /// The webhook endpoint use cases (`/v1/webhook-endpoints`); the routes exist only when set.
    public var webhookEndpoints: WebhookEndpointService?
    /// When set, `/metrics` answers only `Authorization: Bearer <this token>` (401 otherwise).
    public var metricsToken: String?
    /// Provider webhooks in (`/v2/inbound-webhooks/…`); the routes exist only when set.
    public var inboundWebhooks: InboundWebhookService?
    /// Where providers reach Herald (`--public-url`), for the URL signatures cover.
    public var publicURL: String?
    /// Webhook auto-configure (`POST /v1/integrations/{id}/auto-configure`).
    public var autoConfiguration: WebhookAutoConfiguration?

    /// Creates the dependencies.
    public init(
        integrations: IntegrationService, deliveries: DeliveryService, breakers: CircuitBreakers,
        inbox: any InboxStore, tenancy: any TenancyStore, healthCheck: @escaping @Sendable () async -> Bool
    ) {
        self.inbox = inbox
        self.integrations = integrations
        self.deliveries = deliveries
        self.breakers = breakers
        self.tenancy = tenancy
        self.healthCheck = healthCheck
    }
}

/// Builds Herald's router: public routes, then `/v1` behind ``AuthMiddleware``; every error in Novu's shape.
/// Warns on `logger` when the OpenAPI document did not ship (`/openapi.json` then answers 503).
public func buildRouter(
    _ dependencies: HTTPDependencies, logger: Logger = Logger(label: "herald.http")
) -> Router<HeraldRequestContext> {
    OpenAPIDocument.warnIfUnavailable(OpenAPIDocument.shipped, logger: logger)
    let router = Router(context: HeraldRequestContext.self)
    router.add(middleware: NovuErrorMiddleware())
    let meta = MetaController(
        tenancy: dependencies.tenancy, healthCheck: dependencies.healthCheck, metricsText: dependencies.metricsText,
        metricsTokenHash: dependencies.metricsToken.map(SecretHash.sha256Hex),
        providers: MetaController.providers(sendable: dependencies.sendableProviderIds))
    meta.registerPublic(on: router)
    if let inboundWebhooks = dependencies.inboundWebhooks {
        ProviderWebhooksController(service: inboundWebhooks, publicURL: dependencies.publicURL).register(on: router)
    }
    let v1 = router.group("v1").add(middleware: AuthMiddleware(tenancy: dependencies.tenancy))
    meta.register(on: v1)
    DeliveriesController(
        deliveries: dependencies.deliveries, integrations: dependencies.integrations, breakers: dependencies.breakers,
        tenancy: dependencies.tenancy, maxDeliveryBytes: dependencies.maxDeliveryBytes
    ).register(on: v1)
    IntegrationsController(
        service: dependencies.integrations, tenancy: dependencies.tenancy,
        webhookProviderIds: dependencies.inboundWebhooks?.providerIds ?? [],
        autoConfiguration: dependencies.autoConfiguration, publicURL: dependencies.publicURL
    ).register(on: v1)
    InboxController(inbox: dependencies.inbox).register(on: v1)
    if let subscribers = dependencies.subscribers {
        SubscribersController(service: subscribers, tenancy: dependencies.tenancy).register(on: v1)
    }
    // The dashboard (`/dashboard`), when its templates ship with the executable.
    if let templates = try? DashboardTemplates.load() {
        DashboardController(dependencies: dependencies, templates: templates).register(on: router)
    }
    if let webhookEndpoints = dependencies.webhookEndpoints {
        WebhookEndpointsController(service: webhookEndpoints, tenancy: dependencies.tenancy).register(on: v1)
    }
    return router
}
