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

    init(
        driver: any DatabaseDriver, location: DatabaseLocation, sealer: CredentialSealer, keyFile: KeyFileSource?,
        tenancy: any TenancyStore, integrationStore: any IntegrationStore, integrations: IntegrationService,
        deliveryStore: any DeliveryStore, deliveries: DeliveryService, processor: DeliveryProcessor,
        breakers: CircuitBreakers, doorbell: Doorbell, handoff: DeliveryHandoff, inbox: any InboxStore, metrics: PrometheusMetrics,
        httpClient: HTTPClient, configuration: HeraldConfiguration, subscriberStore: any SubscriberStore
    ) {
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

    /// Opens the database, runs pending migrations and loads the encryption keys.
    public static func open(_ configuration: HeraldConfiguration, logger: Logger) async throws -> HeraldRuntime {
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
        let driver: any DatabaseDriver
        switch location {
        case .sqlite(let path):
            driver = try await SQLiteDriver.open(path: path, logger: logger)
        case .sqliteMemory:
            driver = try await SQLiteDriver.open(path: nil, logger: logger)
        case .postgres(let host, let port, let user, let password, let database):
            driver = try await PostgresDriver.connect(
                host: host, port: port, user: user, password: password, database: database,
                poolSize: configuration.databasePool, logger: logger)
        }
        do {
            try await Migrator(driver: driver).migrate(logger: logger)
        } catch {
            await driver.shutdown()
            throw error
        }
        let store = SQLIntegrationStore(driver: driver, sealer: sealer)
        let deliveryStore = SQLDeliveryStore(driver: driver, sealer: sealer)
        let breakers = CircuitBreakers()
        let doorbell = Doorbell()
        let handoff = DeliveryHandoff(
            owner: "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(Identifiers.randomAlphanumeric(6))",
            leaseSeconds: configuration.leaseSeconds, capacity: max(64, configuration.workers * 64),
            overflowed: { doorbell.ring() })
        let outbound = AddressGuard(
            denyPrivateNetwork: configuration.denyPrivateNetwork, allowHosts: configuration.allowHosts)
        let httpClient = ProviderHTTPClient.makeClient(trustRoots: trustRoots)
        let providerClient = ProviderHTTPClient(client: httpClient, outbound: outbound, trustRoots: trustRoots)
        let inbox = SQLInboxStore(driver: driver)
        let subscriberStore = SQLSubscriberStore(driver: driver, sealer: sealer)
        let metrics = PrometheusMetrics()
        let processor = DeliveryProcessor(
            integrations: store,
            providers: ProviderRegistry.adapters(http: providerClient, inbox: inbox),
            breakers: breakers, policy: configuration.retryPolicy, metrics: metrics,
            attemptDeadline: configuration.attemptDeadline)
        return HeraldRuntime(
            driver: driver, location: location, sealer: sealer, keyFile: keyFile,
            tenancy: SQLTenancyStore(driver: driver), integrationStore: store,
            integrations: IntegrationService(store: store, checker: { try await processor.check($0) }),
            deliveryStore: deliveryStore,
            deliveries: DeliveryService(
                deliveries: deliveryStore, integrations: store, breakers: breakers, outbound: outbound,
                handoff: handoff, subscribers: subscriberStore, enqueued: { doorbell.ring() }),
            processor: processor, breakers: breakers, doorbell: doorbell, handoff: handoff, inbox: inbox, metrics: metrics, httpClient: httpClient,
            configuration: configuration, subscriberStore: subscriberStore)
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
            shutdownCeiling: configuration.shutdownCeiling, logger: logger)
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
        dependencies.sendableProviderIds = processor.supportedProviderIds
        dependencies.maxDeliveryBytes = configuration.maxDeliveryBytes
        return dependencies
    }

    /// Closes the HTTP client and the database.
    public func shutdown() async {
        try? await httpClient.shutdown()
        await driver.shutdown()
    }
}
