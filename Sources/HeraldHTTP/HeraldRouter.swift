import HeraldCore
import Hummingbird

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
    /// When set, `/metrics` answers only `Authorization: Bearer <this token>` (401 otherwise).
    public var metricsToken: String?

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
public func buildRouter(_ dependencies: HTTPDependencies) -> Router<HeraldRequestContext> {
    let router = Router(context: HeraldRequestContext.self)
    router.add(middleware: NovuErrorMiddleware())
    let meta = MetaController(
        tenancy: dependencies.tenancy, healthCheck: dependencies.healthCheck, metricsText: dependencies.metricsText,
        metricsTokenHash: dependencies.metricsToken.map(SecretHash.sha256Hex),
        providers: MetaController.providers(sendable: dependencies.sendableProviderIds))
    meta.registerPublic(on: router)
    let v1 = router.group("v1").add(middleware: AuthMiddleware(tenancy: dependencies.tenancy))
    meta.register(on: v1)
    DeliveriesController(
        deliveries: dependencies.deliveries, integrations: dependencies.integrations, breakers: dependencies.breakers,
        tenancy: dependencies.tenancy, maxDeliveryBytes: dependencies.maxDeliveryBytes
    ).register(on: v1)
    IntegrationsController(service: dependencies.integrations, tenancy: dependencies.tenancy).register(on: v1)
    InboxController(inbox: dependencies.inbox).register(on: v1)
    if let subscribers = dependencies.subscribers {
        SubscribersController(service: subscribers, tenancy: dependencies.tenancy).register(on: v1)
    }
    return router
}
