import Foundation
import HeraldApp
import HeraldCore
import HeraldHTTP
import Hummingbird
import HummingbirdTesting
import Logging

/// A fully initialized Herald on a throwaway database, with its secrets and captured logs.
public struct TestHerald: Sendable {
    /// The opened runtime.
    public let runtime: HeraldRuntime
    /// The database.
    public let database: TestDatabase
    /// The secrets `herald init` printed.
    public let keys: Bootstrap.InitResult
    /// Every log line the runtime and the HTTP layer wrote.
    public let logs: CapturingLogHandler.Buffer
    /// The logger given to Herald.
    public let logger: Logger

    /// The Development environment's API key.
    public var apiKey: String { keys.environments[0].apiKey }
    /// The Development environment's id.
    public var environmentId: String { keys.environments[0]._id }
    /// The Production environment's API key.
    public var otherApiKey: String { keys.environments[1].apiKey }
    /// The Production environment's id.
    public var otherEnvironmentId: String { keys.environments[1]._id }

    /// Runs `body` with a fresh Herald on a database of `kind`, then removes the database. `caFile` is `--ca-file`
    /// (extra CAs trusted for outbound TLS, e.g. a TLS fake's).
    public static func with<T: Sendable>(
        _ kind: TestDatabase.Kind = .sqlite, encryptionKey: String? = EncryptionKey.generate().base64, caFile: String? = nil,
        _ body: (TestHerald) async throws -> T
    ) async throws -> T {
        let database = try await TestDatabase.make(kind)
        let logs = CapturingLogHandler.Buffer()
        let logger = CapturingLogHandler.logger(logs)
        do {
            var configuration = HeraldConfiguration(databaseURL: database.url, encryptionKey: encryptionKey)
            configuration.caFile = caFile
            let result = try await HeraldRuntime.withOpened(configuration, logger: logger) { runtime in
                try await body(TestHerald(
                    runtime: runtime, database: database, keys: try await Bootstrap.initialize(runtime), logs: logs,
                    logger: logger))
            }
            await database.remove()
            return result
        } catch {
            await database.remove()
            throw error
        }
    }

    /// The HTTP application over this runtime (port 0), for `app.test(.router)` or `.live`.
    public func application() -> some ApplicationProtocol {
        buildApplication(runtime: runtime, host: "127.0.0.1", port: 0, logger: logger)
    }

    /// The principal of the Development environment's API key.
    public func apiKeyPrincipal() async throws -> Principal {
        guard let environment = try await runtime.tenancy.environment(id: environmentId) else {
            throw HeraldError.notFound("environment")
        }
        return .apiKey(environment)
    }
}
