import HeraldCore
import SQLKit

/// The SQL dialect in use; every statement that differs between SQLite and PostgreSQL asks this type.
public enum StoreDialect: Sendable {
    case sqlite
    case postgres

    /// A clause that locks an environment row for the rest of the transaction (PostgreSQL only; SQLite
    /// transactions are already serialised).
    var lockRowSuffix: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE"
        }
    }

    /// The clause that claims queued rows without waiting on rows another instance holds.
    var skipLockedSuffix: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }
}

/// A database connection provider: committed reads, and serialisable-enough write transactions.
public protocol DatabaseDriver: Sendable {
    /// The dialect of this database.
    var dialect: StoreDialect { get }
    /// Runs `body` against a connection that sees committed data.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on a connection that may write, each statement committing on its own (for single-statement
    /// writes, which need no BEGIN/COMMIT round trips).
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` inside one transaction; rolls back if it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection (PostgreSQL's pool closes instead when its `run()` ends; see `PostgresDriver`).
    func shutdown() async
}

extension SQLDatabase {
    /// Runs `body` between `begin` and COMMIT on this connection, rolling back if it throws; a unique-index
    /// violation (recognised by `isUniqueViolation`) becomes a 409 for the caller to retry.
    func inTransaction<T: Sendable>(
        begin: String, isUniqueViolation: (any Error) -> Bool, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            if isUniqueViolation(error) {
                throw HeraldError.conflict("The change conflicts with a concurrent one; try again")
            }
            throw error
        }
    }
}

extension DatabaseDriver {
    /// Whether the database answers a trivial query (`/health`).
    public func ping() async -> Bool {
        (try? await read { db in try await db.raw("SELECT 1 AS ok").all().count }) == 1
    }
}
