import Foundation
import HeraldCore
import HeraldHTTP
import HeraldStore
#if canImport(Glibc)
import Glibc
#endif

/// Everything Herald reads from flags and the environment.
public struct HeraldConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0 picks a free one).
    public var port: Int
    /// The database URL (`sqlite://…` or `postgres://…`).
    public var databaseURL: String
    /// PostgreSQL pool size.
    public var databasePool: Int
    /// `HERALD_ENCRYPTION_KEY`: base64 of 32 bytes; when nil, a key file beside the SQLite database is used.
    public var encryptionKey: String?
    /// `HERALD_PREVIOUS_ENCRYPTION_KEYS`: comma-separated older keys, still accepted for reading.
    public var previousEncryptionKeys: String?
    /// Concurrent delivery loops in this instance (0 = no worker: API only).
    public var workers: Int = 8
    /// The retry schedule.
    public var retryPolicy = RetryPolicy()
    /// Refuse loopback and private addresses for outbound requests too (multi-tenant deployments).
    public var denyPrivateNetwork = false
    /// Hosts always allowed for outbound requests.
    public var allowHosts: Set<String> = []
    /// The largest delivery body in bytes (`--max-delivery-bytes`; attachments make deliveries larger than the 1 MiB
    /// other routes accept).
    public var maxDeliveryBytes = 10 << 20
    /// How long a stop waits for in-flight deliveries before leaving them to their leases (`--shutdown-timeout`).
    public var shutdownCeiling: Duration = .seconds(30)
    /// How long one provider attempt may take (`--attempt-timeout`).
    public var attemptDeadline: Duration = .seconds(30)
    /// When set, `/metrics` needs `Authorization: Bearer <token>` (`--metrics-token`, `HERALD_METRICS_TOKEN`).
    public var metricsToken: String?
    /// HTTP/1 connections idle longer than this are closed (`--idle-timeout`).
    public var idleTimeout: Duration = .seconds(60)
    /// A request's head and body must arrive within this (`--request-timeout`).
    public var requestReadTimeout: Duration = .seconds(30)
    /// Open connections at most; when reached, the longest-idle connection is closed for a new one
    /// (`--max-connections`; by default below the descriptor limit).
    public var maxConnections: Int?
    /// How often idle workers look for due deliveries enqueued by other instances.
    public var pollInterval: Duration = .milliseconds(500)
    /// How long a claimed delivery stays leased; a crashed instance's deliveries are claimed again after it.
    public var leaseSeconds: Double = 120
    /// A PEM file of CA certificates trusted for all outbound TLS on top of the system's (`--ca-file`,
    /// `HERALD_CA_FILE`); loaded when the runtime opens, where a bad file is a one-line error.
    public var caFile: String?
    /// Where providers reach this server (`--public-url`, `HERALD_PUBLIC_URL`), e.g. `https://herald.example.com`:
    /// the base of the webhook URLs that signature schemes cover (Twilio, Mandrill) and auto-configure registers.
    public var publicURL: String?
    /// How long finished deliveries, provider events and webhook messages and attempts are kept (`--retention-days`,
    /// `HERALD_RETENTION_DAYS`; nil keeps them forever). Integrations, history, subscribers and in-app messages stay.
    public var retention: Duration? = .seconds(30 * 86_400)

    /// The HTTP connection limits; the cap defaults to ``ConnectionGovernor/defaultMaxConnections(descriptorLimit:)``
    /// of this process's descriptor limit.
    public var connectionLimits: ConnectionLimits {
        ConnectionLimits(
            idleTimeout: idleTimeout, requestReadTimeout: requestReadTimeout,
            maxConnections: maxConnections ?? ConnectionGovernor.defaultMaxConnections(descriptorLimit: Self.descriptorLimit()))
    }

    /// The soft limit on open descriptors (`ulimit -n`).
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        return Int(clamping: min(limit.rlim_cur, 1_000_000))
    }

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 3000, databaseURL: String = DatabaseLocation.defaultURL,
        databasePool: Int = 10, encryptionKey: String? = nil, previousEncryptionKeys: String? = nil
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.databasePool = databasePool
        self.encryptionKey = encryptionKey
        self.previousEncryptionKeys = previousEncryptionKeys
    }

    /// Reads `HERALD_*` variables, with flags given as overrides.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        host: String? = nil, port: Int? = nil, databaseURL: String? = nil, databasePool: Int? = nil
    ) -> HeraldConfiguration {
        func nonEmpty(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        var configuration = HeraldConfiguration(
            host: host ?? nonEmpty("HERALD_HOST") ?? "127.0.0.1",
            port: port ?? nonEmpty("HERALD_PORT").flatMap(Int.init) ?? 3000,
            databaseURL: databaseURL ?? nonEmpty("HERALD_DATABASE_URL") ?? DatabaseLocation.defaultURL,
            databasePool: databasePool ?? nonEmpty("HERALD_DATABASE_POOL").flatMap(Int.init) ?? 10,
            encryptionKey: nonEmpty("HERALD_ENCRYPTION_KEY"),
            previousEncryptionKeys: nonEmpty("HERALD_PREVIOUS_ENCRYPTION_KEYS")
        )
        configuration.caFile = nonEmpty("HERALD_CA_FILE")
        configuration.publicURL = nonEmpty("HERALD_PUBLIC_URL")
        return configuration
    }
}
