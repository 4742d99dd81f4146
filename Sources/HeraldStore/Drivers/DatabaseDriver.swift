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
    /// Runs `body` inside one transaction; rolls back if it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection.
    func shutdown() async
}
