import HeraldCore
import HeraldProviders
import HeraldStore
import Logging

/// Signed customer webhooks out: the endpoint store and use cases, the outbox events are published into, and
/// what the dispatcher posts through.
public struct CustomerWebhooks: Sendable {
    /// Endpoint storage.
    public let endpoints: any WebhookEndpointStore
    /// The webhook outbox and attempt log.
    public let outbox: any WebhookOutbox
    /// The `/v1/webhook-endpoints` use cases.
    public let service: WebhookEndpointService
    /// Where the rest of Herald reports events.
    public let publisher: any CustomerEventPublisher
    /// Wakes this instance's dispatcher when an event was written.
    public let doorbell: Doorbell
    /// Posts messages through the providers' HTTP client (outbound guard, no redirects, `--ca-file`).
    public let transport: any WebhookTransport

    /// The stores and services over an opened database.
    static func make(
        driver: any DatabaseDriver, sealer: CredentialSealer, outbound: any OutboundGuard, http: ProviderHTTPClient,
        logger: Logger
    ) -> CustomerWebhooks {
        let presence = WebhookEndpointPresence()
        let endpoints = SQLWebhookEndpointStore(driver: driver, sealer: sealer, presence: presence)
        let outbox = SQLWebhookOutbox(driver: driver, sealer: sealer, presence: presence)
        let doorbell = Doorbell()
        return CustomerWebhooks(
            endpoints: endpoints, outbox: outbox,
            service: WebhookEndpointService(store: endpoints, outbox: outbox, outbound: outbound),
            publisher: OutboxEventPublisher(outbox: outbox, doorbell: doorbell, logger: logger), doorbell: doorbell,
            transport: CustomerWebhookTransport(http: http))
    }

    /// A dispatcher for this instance (`owner` names its leases); `schedule` and `pollInterval` are for tests.
    public func makeDispatcher(
        owner: String, schedule: WebhookRetrySchedule = .standard, pollInterval: Duration = .seconds(1), logger: Logger
    ) -> WebhookDispatcher {
        WebhookDispatcher(
            outbox: outbox, transport: transport, doorbell: doorbell, owner: owner, schedule: schedule,
            pollInterval: pollInterval, logger: logger)
    }
}
