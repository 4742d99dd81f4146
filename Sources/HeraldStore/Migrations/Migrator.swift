import Foundation
import Logging
import SQLKit

/// Applies pending ``Migrations`` in one transaction (under an advisory lock on PostgreSQL, so instances that
/// start together do not race).
public struct Migrator: Sendable {
    private let driver: any DatabaseDriver

    /// Creates a migrator for a database.
    public init(driver: any DatabaseDriver) { self.driver = driver }

    /// The schema version the code expects.
    public static var latestVersion: Int { Migrations.all.last?.version ?? 0 }

    /// Applies every pending step; returns the versions applied.
    @discardableResult
    public func migrate(logger: Logger) async throws -> [Int] {
        let dialect = driver.dialect
        let applied = try await driver.transaction { db in
            if dialect == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(727274001)").run()
            }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS herald_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """).run()
            let done = Set(try await db.raw("SELECT version FROM herald_migrations").all().map {
                try $0.decode(column: "version", as: Int.self)
            })
            var applied: [Int] = []
            for migration in Migrations.all where !done.contains(migration.version) {
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw("""
                    INSERT INTO herald_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))
                    """).run()
                applied.append(migration.version)
            }
            return applied
        }
        for version in applied {
            logger.info("Applied migration", metadata: ["migration.version": "\(version)"])
        }
        return applied
    }
}
