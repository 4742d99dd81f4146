import Foundation
import HeraldCore

/// Where the database lives, parsed from `--database` / `HERALD_DATABASE_URL`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file (relative paths are relative to the working directory).
    case sqlite(path: String)
    /// An in-memory SQLite database (tests).
    case sqliteMemory
    /// A PostgreSQL server.
    case postgres(host: String, port: Int, user: String, password: String?, database: String)

    /// The embedded default: `sqlite://.herald/herald.sqlite`.
    public static let defaultURL = "sqlite://.herald/herald.sqlite"

    /// Parses `sqlite://relative/path`, `sqlite:///absolute/path`, `sqlite::memory:` or
    /// `postgres://user:pass@host:port/db` (also `postgresql://`).
    public init(url: String) throws {
        if url == "sqlite::memory:" || url == "sqlite://:memory:" {
            self = .sqliteMemory
        } else if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw HeraldError.badRequest("The SQLite URL \(url) names no file") }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
                throw HeraldError.badRequest("Cannot parse the PostgreSQL URL (expected postgres://user:pass@host:port/db)")
            }
            let database = String(components.path.drop { $0 == "/" })
            guard !database.isEmpty else { throw HeraldError.badRequest("The PostgreSQL URL names no database") }
            self = .postgres(
                host: host, port: components.port ?? 5432, user: components.user ?? "postgres",
                password: components.password?.removingPercentEncoding, database: database)
        } else {
            throw HeraldError.badRequest("Unsupported database URL; use sqlite://path or postgres://user:pass@host:port/db")
        }
    }

    /// The URL without any password.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let host, let port, let user, _, let database): "postgres://\(user)@\(host):\(port)/\(database)"
        }
    }
}
