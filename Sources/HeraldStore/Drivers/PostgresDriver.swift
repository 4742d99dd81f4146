import Foundation
import HeraldCore
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through a `PostgresClient` pool; each transaction runs on one pooled connection.
public final class PostgresDriver: DatabaseDriver {
    public let dialect = StoreDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    /// Connects and verifies the connection within `timeout` (postgres-nio would otherwise retry forever).
    public static func connect(
        host: String, port: Int, user: String, password: String?, database: String, poolSize: Int = 10,
        timeout: Duration = .seconds(10), logger: Logger
    ) async throws -> PostgresDriver {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.minimumConnections = 0
        // postgres-nio logs every failed connection attempt at info level and retries forever; keep the pool quiet
        // and report a failure once, as one line.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        let driver = PostgresDriver(client: client)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await client.query("SELECT 1") }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw HeraldError.unavailable(
                        "Cannot connect to PostgreSQL at \(host):\(port)/\(database) (check host, port, user, password and database)")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await driver.shutdown()
            if let error = error as? HeraldError { throw error }
            throw HeraldError.unavailable("Cannot connect to PostgreSQL at \(host):\(port)/\(database)")
        }
        return driver
    }

    private init(client: PostgresClient) {
        self.client = client
        self.runner = Task { await client.run() }
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

    public func shutdown() async {
        runner.cancel()
        _ = await runner.value
    }
}
