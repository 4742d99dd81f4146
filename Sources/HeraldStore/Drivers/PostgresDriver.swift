import Foundation
import HeraldCore
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// PostgreSQL through a `PostgresClient` pool; each transaction runs on one pooled connection.
///
/// The pool works only while `run()` runs (the driver is a `Service`). `withConnected` runs it in a child task for the
/// length of its body, so the connections close only after everything the body started has stopped.
public final class PostgresDriver: DatabaseDriver, Service {
    public let dialect = StoreDialect.postgres
    private let client: PostgresClient
    private let target: String

    /// A driver for one database; nothing connects until `run()` runs.
    public init(
        host: String, port: Int, user: String, password: String?, database: String, poolSize: Int = 10, logger: Logger
    ) {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.minimumConnections = 0
        // postgres-nio logs every failed connection attempt at info level and retries forever; keep the pool quiet
        // and report a failure once, as one line.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.target = "\(host):\(port)/\(database)"
    }

    /// Runs `body` with a driver whose pool runs in a child task of this call and has answered within `timeout`
    /// (postgres-nio would otherwise retry forever); the pool closes when `body` returns or throws.
    public static func withConnected<T>(
        host: String, port: Int, user: String, password: String?, database: String, poolSize: Int = 10,
        timeout: Duration = .seconds(10), logger: Logger, _ body: (PostgresDriver) async throws -> T
    ) async throws -> T {
        let driver = PostgresDriver(
            host: host, port: port, user: user, password: password, database: database, poolSize: poolSize,
            logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            defer { group.cancelAll() }
            try await driver.checkConnection(timeout: timeout)
            return try await body(driver)
        }
    }

    /// Runs the connection pool until the task is cancelled (or, in a `ServiceGroup`, shut down gracefully).
    public func run() async {
        await client.run()
    }

    /// Waits until the server answers a query, or throws one line naming the server after `timeout`. Needs `run()`.
    public func checkConnection(timeout: Duration) async throws {
        let client = self.client
        let target = self.target
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await client.query("SELECT 1") }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw HeraldError.unavailable(
                        "Cannot connect to PostgreSQL at \(target) (check host, port, user, password and database)")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as HeraldError {
            throw error
        } catch {
            throw HeraldError.unavailable("Cannot connect to PostgreSQL at \(target)")
        }
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.sql().inTransaction(
                begin: "BEGIN", isUniqueViolation: { ($0 as? PSQLError)?.serverInfo?[.sqlState] == "23505" }, body)
        }
    }

    /// Nothing to do: the connections close when the task running `run()` ends.
    public func shutdown() async {}
}
