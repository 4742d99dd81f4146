import ArgumentParser
import Foundation
import HeraldApp
import Hummingbird
import Logging

/// `herald serve`: migrate, initialize an empty database, then serve HTTP.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server (migrations run on start; an empty database is initialized and its keys printed once).")

    @Option(help: "Address to listen on (env HERALD_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env HERALD_PORT; default 3000; 0 picks a free port).")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let configuration = database.configuration(host: host, port: port)
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
            try await app.runService()
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
