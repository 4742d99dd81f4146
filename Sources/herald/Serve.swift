import ArgumentParser
import Foundation
import HeraldApp
import Hummingbird
import HeraldCore
import Logging
import ServiceLifecycle

/// `herald serve`: migrate, initialize an empty database, then serve HTTP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (migrations run on start; an empty database is initialized and its keys printed once).")

    @Option(help: "Address to listen on (env HERALD_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env HERALD_PORT; default 3000; 0 picks a free port).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Concurrent delivery loops in this instance (env HERALD_WORKERS; default 8; 0 = API only).")
    var workers: Int?

    @Option(name: .customLong("retry-rounds"), help: "Rounds over the failover chain before a delivery fails (default 8).")
    var retryRounds: Int?

    @Option(name: .customLong("retry-base-delay"), help: "Seconds to wait after the first failed round; doubles each round (default 15).")
    var retryBaseDelay: Double?

    @Option(name: .customLong("lease-seconds"), help: "How long a claimed delivery is leased before another worker may take it over (default 120).")
    var leaseSeconds: Double?

    @Flag(name: .customLong("deny-private-network"), help: "Refuse loopback and private addresses for outbound requests (multi-tenant deployments).")
    var denyPrivateNetwork = false

    @Option(name: .customLong("allow-host"), help: "A host outbound requests may always reach (repeatable).")
    var allowHosts: [String] = []

    @Option(name: .customLong("ca-file"), help: "A PEM file of CA certificates trusted for all outbound TLS (providers and SMTP) on top of the system's (env HERALD_CA_FILE).")
    var caFile: String?

    @Option(name: .customLong("public-url"), help: "Where providers reach this server, e.g. https://herald.example.com: the base of provider webhook URLs, which signatures such as Twilio's cover (env HERALD_PUBLIC_URL; default: the URL a request came in on).")
    var publicURL: String?

    @Option(name: .customLong("metrics-token"), help: "Require 'Authorization: Bearer <token>' on /metrics (env HERALD_METRICS_TOKEN; default: /metrics is open).")
    var metricsToken: String?

    @Option(name: .customLong("idle-timeout"), help: "Seconds an HTTP connection may stay idle before it is closed (default 60).")
    var idleTimeout: Double?

    @Option(name: .customLong("request-timeout"), help: "Seconds within which a request's head and body must arrive (default 30).")
    var requestTimeout: Double?

    @Option(name: .customLong("max-delivery-bytes"), help: "Largest POST /v1/deliveries body in bytes, attachments included (default 10485760; other routes take 1 MiB).")
    var maxDeliveryBytes: Int?

    @Option(name: .customLong("attempt-timeout"), help: "Seconds one provider attempt may take before it is cut off and the next integration is tried (default 30).")
    var attemptTimeout: Double?

    @Option(name: .customLong("shutdown-timeout"), help: "Seconds a stop (SIGTERM) waits for deliveries in flight before leaving them to their leases (default 30).")
    var shutdownTimeout: Double?

    @Option(name: .customLong("retention-days"), help: "Days to keep finished deliveries, provider events and webhook messages and attempts (env HERALD_RETENTION_DAYS; default 30; 0 keeps them forever). Integrations, their history, subscribers and in-app messages are never removed.")
    var retentionDays: Int?

    @Option(name: .customLong("max-connections"), help: "Open HTTP connections at most; at the cap the longest-idle one is closed for a new one (default: 3/4 of the descriptor limit, at most 10000).")
    var maxConnections: Int?

    func run() async throws {
        MemoryTuning.apply()
        let logger = makeLogger()
        var configuration = database.configuration(host: host, port: port)
        let environment = ProcessInfo.processInfo.environment
        configuration.workers = workers ?? environment["HERALD_WORKERS"].flatMap(Int.init) ?? 8
        guard (0...1_024).contains(configuration.workers) else { throw ValidationError("--workers must be from 0 to 1024") }
        if let retryRounds, !(1...100).contains(retryRounds) { throw ValidationError("--retry-rounds must be from 1 to 100") }
        if let retryBaseDelay, !(retryBaseDelay.isFinite && (0...3_600).contains(retryBaseDelay)) {
            throw ValidationError("--retry-base-delay must be a number of seconds from 0 to 3600")
        }
        if let leaseSeconds, !(leaseSeconds.isFinite && (1...86_400).contains(leaseSeconds)) {
            throw ValidationError("--lease-seconds must be a number of seconds from 1 to 86400")
        }
        configuration.retryPolicy = RetryPolicy(maxRounds: retryRounds ?? 8, baseDelay: retryBaseDelay ?? 15)
        configuration.denyPrivateNetwork = denyPrivateNetwork
        if let leaseSeconds { configuration.leaseSeconds = max(1, leaseSeconds) }
        configuration.allowHosts = Set(allowHosts)
        if let caFile { configuration.caFile = caFile }
        if let publicURL { configuration.publicURL = publicURL }
        configuration.metricsToken = metricsToken ?? environment["HERALD_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let idleTimeout { configuration.idleTimeout = try Self.seconds(idleTimeout, option: "--idle-timeout") }
        if let requestTimeout { configuration.requestReadTimeout = try Self.seconds(requestTimeout, option: "--request-timeout") }
        if let maxDeliveryBytes {
            guard (1 << 20...(256 << 20)).contains(maxDeliveryBytes) else {
                throw ValidationError("--max-delivery-bytes must be from 1048576 to 268435456")
            }
            configuration.maxDeliveryBytes = maxDeliveryBytes
        }
        if let shutdownTimeout { configuration.shutdownCeiling = try Self.seconds(shutdownTimeout, option: "--shutdown-timeout") }
        if let attemptTimeout { configuration.attemptDeadline = try Self.seconds(attemptTimeout, option: "--attempt-timeout") }
        if let maxConnections {
            guard (8...1_000_000).contains(maxConnections) else {
                throw ValidationError("--max-connections must be from 8 to 1000000")
            }
            configuration.maxConnections = maxConnections
        }
        var days = retentionDays
        if days == nil, let text = environment["HERALD_RETENTION_DAYS"], !text.isEmpty {
            guard let value = Int(text) else { throw ValidationError("HERALD_RETENTION_DAYS must be a whole number of days") }
            days = value
        }
        if let days {
            guard (0...36_500).contains(days) else {
                throw ValidationError("--retention-days / HERALD_RETENTION_DAYS must be from 0 to 36500")
            }
            configuration.retention = days == 0 ? nil : .seconds(days * 86_400)
        }
        try await withRuntime(configuration, logger: logger) { runtime in
            if try await !runtime.tenancy.isInitialized() {
                let result = try await Bootstrap.initialize(runtime)
                printKeys(result)
            }
            let app = buildApplication(
                runtime: runtime, host: configuration.host, port: configuration.port, logger: logger)
            logger.info("Herald is listening", metadata: [
                "http.host": "\(configuration.host)", "http.port": "\(configuration.port)",
                "database": "\(runtime.location)",
            ])
            // Graceful shutdown runs in reverse order: HTTP stops accepting first, then the workers finish, then the
            // provider sessions (pools, clients) are shut down. The database outlives the group: withRuntime's scope
            // closes the HTTP client and then the database (PostgreSQL's pool runs in a child task of that scope).
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: runtime.processor.sessions)]
            if configuration.workers > 0 {
                services.append(.init(service: runtime.makeWorker(logger: logger)))
                services.append(.init(service: runtime.makeWebhookDispatcher(logger: logger)))
            }
            if let sweeper = runtime.makeRetentionSweeper(logger: logger) { services.append(.init(service: sweeper)) }
            services.append(.init(service: app))
            let group = ServiceGroup(configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }

    private static func seconds(_ value: Double, option: String) throws -> Duration {
        guard value.isFinite, value >= 0.1, value <= 86_400 else {
            throw ValidationError("\(option) must be a number of seconds from 0.1 to 86400")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    private func printKeys(_ result: Bootstrap.InitResult) {
        var lines = [
            "",
            "Herald initialized a new database. These secrets are shown only once; store them now.",
            "",
            "  Organization   \(result.organizationId)",
        ]
        for environment in result.environments {
            lines.append("  \(environment.name.padding(toLength: 13, withPad: " ", startingAt: 0))  ApiKey \(environment.apiKey)   (environment \(environment._id))")
        }
        lines.append("  Admin token    Bearer \(result.adminToken)")
        lines.append("")
        lines.append("  Try: curl -H 'Authorization: ApiKey \(result.environments.first?.apiKey ?? "")' http://HOST:PORT/v1/integrations")
        lines.append("")
        print(lines.joined(separator: "\n"))
        fflush(nil)
    }
}
