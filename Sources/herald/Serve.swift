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

    func run() async throws {
        MemoryTuning.apply()
        let logger = makeLogger()
        var configuration = database.configuration(host: host, port: port)
        let environment = ProcessInfo.processInfo.environment
        configuration.workers = workers ?? environment["HERALD_WORKERS"].flatMap(Int.init) ?? 8
        configuration.retryPolicy = RetryPolicy(maxRounds: retryRounds ?? 8, baseDelay: retryBaseDelay ?? 15)
        configuration.denyPrivateNetwork = denyPrivateNetwork
        if let leaseSeconds { configuration.leaseSeconds = max(1, leaseSeconds) }
        configuration.allowHosts = Set(allowHosts)
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
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
            if configuration.workers > 0 { services.append(.init(service: runtime.makeWorker(logger: logger))) }
            let group = ServiceGroup(configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
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
