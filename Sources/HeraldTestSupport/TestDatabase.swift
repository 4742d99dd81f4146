import Foundation
import HeraldCore
import HeraldStore
import Logging
import SQLKit

/// A throwaway database for one test: an SQLite file in a temporary folder, or a fresh PostgreSQL database.
public struct TestDatabase: Sendable {
    /// The kinds of database a contract test runs against.
    public enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
        case sqlite, postgres
        public var description: String { rawValue }
    }

    /// The database URL to hand to Herald.
    public let url: String
    /// The folder holding the SQLite file (and key file), if any.
    public let directory: String
    private let cleanup: @Sendable () async -> Void

    /// `HERALD_TEST_POSTGRES_URL`, e.g. `postgres://postgres@127.0.0.1:54329/postgres`; PostgreSQL suites skip without it.
    public static var postgresServerURL: String? {
        ProcessInfo.processInfo.environment["HERALD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The kinds available on this machine: SQLite always, PostgreSQL when `HERALD_TEST_POSTGRES_URL` is set.
    public static var availableKinds: [Kind] { postgresServerURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Makes a new empty database of that kind.
    public static func make(_ kind: Kind) async throws -> TestDatabase {
        let directory = NSTemporaryDirectory() + "herald-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            return TestDatabase(url: "sqlite://\(directory)/herald.sqlite", directory: directory) {
                try? FileManager.default.removeItem(atPath: directory)
            }
        case .postgres:
            guard let server = postgresServerURL, case .postgres(let host, let port, let user, let password, let admin)
                = try DatabaseLocation(url: server)
            else { throw HeraldError.unavailable("HERALD_TEST_POSTGRES_URL is not set") }
            let name = "herald_t_" + Identifiers.randomAlphanumeric(12).lowercased()
            let logger = Logger(label: "test-db")
            try await PostgresDriver.withConnected(
                host: host, port: port, user: user, password: password, database: admin, poolSize: 1, logger: logger
            ) { driver in
                try await driver.read { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            }
            var components = URLComponents()
            components.scheme = "postgres"
            components.host = host
            components.port = port
            components.user = user
            components.password = password
            components.path = "/" + name
            return TestDatabase(url: components.string!, directory: directory) {
                try? await PostgresDriver.withConnected(
                    host: host, port: port, user: user, password: password, database: admin, poolSize: 1, logger: logger
                ) { driver in
                    try await driver.read { db in
                        try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                    }
                }
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }

    /// Removes the database.
    public func remove() async { await cleanup() }
}
