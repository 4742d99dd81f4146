import AsyncHTTPClient
import Foundation
import HeraldProviders
import HeraldCore
import HeraldHTTP
import HeraldStore
import Logging

/// The opened database, key set and services: what every command and the server share.
public final class HeraldRuntime: Sendable {
    /// The database connection provider.
    public let driver: any DatabaseDriver
    /// Where the database is.
    public let location: DatabaseLocation
    /// The credential sealer.
    public let sealer: CredentialSealer
    /// The key file, when keys are not given in the environment.
    public let keyFile: KeyFileSource?
    /// Tenancy storage.
    public let tenancy: any TenancyStore
    /// Integration storage.
    public let integrationStore: any IntegrationStore
    /// The integration use cases.
    public let integrations: IntegrationService
    /// The delivery outbox.
    public let deliveryStore: any DeliveryStore
    /// The delivery use cases.
    public let deliveries: DeliveryService
    /// Runs deliveries through providers.
    public let processor: DeliveryProcessor
    /// Per-integration circuit breakers (in memory, per instance).
    public let breakers: CircuitBreakers
    /// Wakes local workers on enqueue.
    public let doorbell: Doorbell
    /// Deliveries enqueued here go to this instance's workers in memory (already leased).
    public let handoff: DeliveryHandoff
    /// The in-app inbox.
    public let inbox: any InboxStore
    /// Subscriber storage.
    public let subscriberStore: any SubscriberStore
    /// The subscriber use cases.
    public let subscribers: SubscriberService
    /// Prometheus metrics.
    public let metrics: PrometheusMetrics
    /// The HTTP client providers share.
    public let httpClient: HTTPClient
    /// The configuration it was opened with.
    public let configuration: HeraldConfiguration
    /// Signed customer webhooks out (`/v1/webhook-endpoints`, the outbox and its dispatcher).
    public let webhooks: CustomerWebhooks
    /// Provider webhooks in.
    public let inboundWebhooks: InboundWebhookService
    /// Channel fallback.
    public let fallback: DeliveryFallback
    /// The providers Herald registers its webhook URL with (auto-configure).
    let webhookConfigurers: [any WebhookAutoConfigurer]

    init(
        driver: any DatabaseDriver, location: DatabaseLocation, sealer: CredentialSealer, keyFile: KeyFileSource?,
        tenancy: any TenancyStore, integrationStore: any IntegrationStore, integrations: IntegrationService,
        deliveryStore: any DeliveryStore, deliveries: DeliveryService, processor: DeliveryProcessor,
        breakers: CircuitBreakers, doorbell: Doorbell, handoff: DeliveryHandoff, inbox: any InboxStore, metrics: PrometheusMetrics,
        httpClient: HTTPClient, configuration: HeraldConfiguration, subscriberStore: any SubscriberStore,
        inboundWebhooks: InboundWebhookService, fallback: DeliveryFallback,
        webhookConfigurers: [any WebhookAutoConfigurer], webhooks: CustomerWebhooks
    ) {
        self.webhookConfigurers = webhookConfigurers
        self.fallback = fallback
        self.webhooks = webhooks
        self.inboundWebhooks = inboundWebhooks
        self.subscriberStore = subscriberStore
        self.subscribers = SubscriberService(store: subscriberStore, integrations: integrationStore)
        self.driver = driver
        self.location = location
        self.sealer = sealer
        self.keyFile = keyFile
        self.tenancy = tenancy
        self.integrationStore = integrationStore
        self.integrations = integrations
        self.deliveryStore = deliveryStore
        self.deliveries = deliveries
        self.processor = processor
        self.breakers = breakers
        self.doorbell = doorbell
        self.handoff = handoff
        self.inbox = inbox
        self.metrics = metrics
        self.httpClient = httpClient
        self.configuration = configuration
    }

    /// Opens the database, runs pending migrations and loads the encryption keys; runs `body` with the runtime, then
    /// closes the HTTP client and the database. PostgreSQL's connection pool runs in a child task of this call for as
    /// long as `body` runs, so whatever `body` starts (the HTTP server, the workers) has stopped before it closes.
    public static func withOpened<T>(
        _ configuration: HeraldConfiguration, logger: Logger, _ body: (HeraldRuntime) async throws -> T
    ) async throws -> T {
        let location = try DatabaseLocation(url: configuration.databaseURL)
        let trustRoots = try loadTrustRoots(configuration.caFile)
        let keySource: any KeySetSource
        var keyFile: KeyFileSource?
        if let key = configuration.encryptionKey {
            keySource = try StaticKeySetSource(activeBase64: key, previousBase64: configuration.previousEncryptionKeys)
        } else {
            switch location {
            case .sqlite(let path):
                let directory = (path as NSString).deletingLastPathComponent
                let file = try KeyFileSource(path: (directory.isEmpty ? "." : directory) + "/herald.key")
                keyFile = file
                keySource = file
            case .sqliteMemory:
                keySource = StaticKeySetSource(KeySet(active: .generate()))
            case .postgres:
                throw HeraldError.badRequest(
                    "HERALD_ENCRYPTION_KEY (base64 of 32 bytes) is required with PostgreSQL, and must be the same on every instance")
            }
        }
        let sealer = try CredentialSealer(source: keySource)
        let parts = Parts(
            location: location, sealer: sealer, keyFile: keyFile, trustRoots: trustRoots, configuration: configuration)
        switch location {
        case .sqlite(let path):
            return try await run(on: try await SQLiteDriver.open(path: path, logger: logger), parts, logger: logger, body)
        case .sqliteMemory:
            return try await run(on: try await SQLiteDriver.open(path: nil, logger: logger), parts, logger: logger, body)
        case .postgres(let host, let port, let user, let password, let database):
            return try await PostgresDriver.withConnected(
                host: host, port: port, user: user, password: password, database: database,
                poolSize: configuration.databasePool, logger: logger
            ) { driver in
                try await run(on: driver, parts, logger: logger, body)
            }
        }
    }

    /// What the runtime is made of besides the database.
    private struct Parts {
        let location: DatabaseLocation
        let sealer: CredentialSealer
        let keyFile: KeyFileSource?
        let trustRoots: TrustRoots
        let configuration: HeraldConfiguration
    }

    /// Migrates the opened database, runs `body` with the runtime over it, then shuts the runtime down.
    private static func run<T>(
        on driver: any DatabaseDriver, _ parts: Parts, logger: Logger, _ body: (HeraldRuntime) async throws -> T
    ) async throws -> T {
        do {
            try await Migrator(driver: driver).migrate(logger: logger)
        } catch {
            await driver.shutdown()
            throw error
        }
        let runtime = assemble(driver: driver, parts)
        do {
            let result = try await body(runtime)
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    /// The stores and services over an opened, migrated database.
    private static func assemble(driver: any DatabaseDriver, _ parts: Parts) -> HeraldRuntime {
        let (location, sealer, keyFile) = (parts.location, parts.sealer, parts.keyFile)
        let (trustRoots, configuration) = (parts.trustRoots, parts.configuration)
        let store = SQLIntegrationStore(driver: driver, sealer: sealer)
        let deliveryStore = SQLDeliveryStore(driver: driver, sealer: sealer)
        let outbound = AddressGuard(
            denyPrivateNetwork: configuration.denyPrivateNetwork, allowHosts: configuration.allowHosts)
        let httpClient = ProviderHTTPClient.makeClient(trustRoots: trustRoots)
        let providerClient = ProviderHTTPClient(client: httpClient, outbound: outbound, trustRoots: trustRoots)
        let webhooks = CustomerWebhooks.make(
            driver: driver, sealer: sealer, outbound: outbound, http: providerClient,
            logger: Logger(label: "herald.webhooks.out"))
        let breakers = CircuitBreakers(events: webhooks.publisher)
        let doorbell = Doorbell()
        let handoff = DeliveryHandoff(
            owner: "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(Identifiers.randomAlphanumeric(6))",
            leaseSeconds: configuration.leaseSeconds, capacity: max(64, configuration.workers * 64),
            overflowed: { doorbell.ring() })
        let inbox = SQLInboxStore(driver: driver)
        let subscriberStore = SQLSubscriberStore(driver: driver, sealer: sealer)
        let metrics = PrometheusMetrics()
        let processor = DeliveryProcessor(
            integrations: store,
            providers: ProviderRegistry.adapters(http: providerClient, inbox: inbox),
            breakers: breakers, policy: configuration.retryPolicy, metrics: metrics,
            attemptDeadline: configuration.attemptDeadline, subscribers: subscriberStore)
        let tenancy = SQLTenancyStore(driver: driver)
        let deliveries = DeliveryService(
            deliveries: deliveryStore, integrations: store, breakers: breakers, outbound: outbound,
            handoff: handoff, subscribers: subscriberStore, enqueued: { doorbell.ring() })
        let fallback = DeliveryFallback(deliveries: deliveries, tenancy: tenancy, logger: Logger(label: "herald.fallback"))
        return HeraldRuntime(
            driver: driver, location: location, sealer: sealer, keyFile: keyFile,
            tenancy: tenancy, integrationStore: store,
            integrations: IntegrationService(store: store, checker: { try await processor.check($0) }),
            deliveryStore: deliveryStore,
            deliveries: deliveries,
            processor: processor, breakers: breakers, doorbell: doorbell, handoff: handoff, inbox: inbox, metrics: metrics, httpClient: httpClient,
            configuration: configuration, subscriberStore: subscriberStore,
            inboundWebhooks: makeInboundWebhooks(
                driver: driver, tenancy: tenancy, integrations: store, http: providerClient,
                publisher: webhooks.publisher, fallback: fallback),
            fallback: fallback, webhookConfigurers: ProviderRegistry.webhookConfigurers(http: providerClient),
            webhooks: webhooks)
    }

    /// Provider webhooks in: the parsers of every provider that documents delivery reports; SNS subscription
    /// confirmations and SNS signing certificates are fetched through the outbound guard.
    static func makeInboundWebhooks(
        driver: any DatabaseDriver, tenancy: any TenancyStore, integrations: any IntegrationStore,
        http: ProviderHTTPClient, publisher: any CustomerEventPublisher, fallback: DeliveryFallback
    ) -> InboundWebhookService {
        InboundWebhookService(
            tenancy: tenancy, integrations: integrations, events: SQLProviderEventStore(driver: driver),
            parsers: ProviderRegistry.webhookParsers(http: http), logger: Logger(label: "herald.webhooks"),
            confirmSubscription: { url in
                let response = try await http.execute(ProviderRequest("GET", url))
                guard (200..<300).contains(response.status) else {
                    throw HeraldError.unavailable("Amazon SNS refused the subscription confirmation (\(response.status))")
                }
            },
            announce: { event, delivery in
                guard let type = event.status.customerEventType.flatMap(CustomerEventType.init(rawValue:)) else { return }
                var data: [String: JSONValue] = [
                    "deliveryId": .string(delivery.id), "channel": .string(delivery.channel.rawValue),
                    "status": .string(delivery.status.rawValue), "integrationId": .string(event.integrationId),
                    "providerId": .string(event.providerId), "event": .string(event.status.rawValue),
                    "providerStatus": .string(event.providerStatus),
                ]
                data["messageId"] = event.messageId.map(JSONValue.string)
                data["recipient"] = event.recipient.map(JSONValue.string)
                data["reason"] = event.detail.map(JSONValue.string)
                await publisher.publish(CustomerEvent(
                    id: CustomerEvent.stableId(event.id), type: type, environmentId: delivery.environmentId,
                    occurredAt: event.occurredAt, data: .object(data)))
            },
            failed: { deliveryId, environmentId in await fallback.followUp(deliveryId: deliveryId, environmentId: environmentId) })
    }

    /// The extra CA certificates of `--ca-file` / `HERALD_CA_FILE` (none without one); a file that cannot be read or
    /// holds no valid PEM certificate is a one-line error naming the option.
    static func loadTrustRoots(_ path: String?) throws -> TrustRoots {
        guard let path else { return .system }
        do {
            return try TrustRoots.load(caFile: path)
        } catch let error as TrustRootsError {
            throw HeraldError.badRequest("--ca-file / HERALD_CA_FILE: \(error.message)")
        }
    }

    /// A delivery worker over this runtime's queue.
    public func makeWorker(logger: Logger) -> DeliveryWorker {
        DeliveryWorker(
            store: deliveryStore, processor: processor, doorbell: doorbell, handoff: handoff,
            concurrency: max(1, configuration.workers), pollInterval: configuration.pollInterval,
            shutdownCeiling: configuration.shutdownCeiling,
            followUp: DeliveryFollowUp(events: webhooks.publisher, fallback: { [fallback] in
                try await fallback.enqueueNext($0)
            }), logger: logger)
    }

    /// The retention sweeper (`configuration.retention`), or nil when records are kept forever.
    public func makeRetentionSweeper(logger: Logger) -> RetentionSweeper? {
        guard let retention = configuration.retention else { return nil }
        return RetentionSweeper(store: SQLRetentionStore(driver: driver), retention: retention, logger: logger)
    }

    /// The customer webhook dispatcher of this instance (leases named like its delivery worker's).
    public func makeWebhookDispatcher(
        logger: Logger, schedule: WebhookRetrySchedule = .standard, pollInterval: Duration = .seconds(1)
    ) -> WebhookDispatcher {
        webhooks.makeDispatcher(owner: handoff.owner, schedule: schedule, pollInterval: pollInterval, logger: logger)
    }

    /// The HTTP layer's dependencies.
    public var httpDependencies: HTTPDependencies {
        let driver = self.driver
        let metrics = self.metrics
        let breakers = self.breakers
        var dependencies = HTTPDependencies(
            integrations: integrations, deliveries: deliveries, breakers: breakers, inbox: inbox, tenancy: tenancy
        ) {
            await driver.ping()
        }
        let deliveryStore = self.deliveryStore
        dependencies.metricsText = { await metrics.render(deliveries: deliveryStore, breakers: breakers) }
        dependencies.metricsToken = configuration.metricsToken
        dependencies.subscribers = subscribers
        dependencies.webhookEndpoints = webhooks.service
        dependencies.inboundWebhooks = inboundWebhooks
        dependencies.autoConfiguration = WebhookAutoConfiguration(
            integrations: integrations, configurers: webhookConfigurers)
        dependencies.publicURL = configuration.publicURL
        dependencies.sendableProviderIds = processor.supportedProviderIds
        dependencies.maxDeliveryBytes = configuration.maxDeliveryBytes
        return dependencies
    }

    /// Closes the HTTP client and the database.
    func shutdown() async {
        try? await httpClient.shutdown()
        await driver.shutdown()
    }
}
