import Foundation
import HeraldCore
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite: one writer connection (transactions serialised by an async lock) and reader connections in WAL mode.
public final class SQLiteDriver: DatabaseDriver {
    public let dialect = StoreDialect.sqlite
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let lock = AsyncLock()
    private let counter = Atomic<Int>(0)
    private let inMemory: Bool

    /// Opens the database file (created if missing, with its folder) or an in-memory database for `path == nil`.
    public static func open(path: String?, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteDriver {
        guard let path else {
            let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
            return SQLiteDriver(writer: connection, readers: [], inMemory: true)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=10000",
                       "PRAGMA foreign_keys=ON"] {
            _ = try await writer.query(pragma)
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            _ = try await reader.query("PRAGMA busy_timeout=10000")
            readers.append(reader)
        }
        return SQLiteDriver(writer: writer, readers: readers, inMemory: false)
    }

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], inMemory: Bool) {
        self.writer = writer
        self.readers = readers
        self.inMemory = inMemory
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if inMemory {
            return try await lock.withLock { try await body(writer.sql()) }
        }
        let index = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return try await body(readers[index % readers.count].sql())
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock {
            try await writer.sql().inTransaction(
                begin: "BEGIN IMMEDIATE",
                isUniqueViolation: { ($0 as? SQLiteError)?.reason == .constraintUniqueFailed }, body)
        }
    }

    public func shutdown() async {
        for reader in readers { try? await reader.close() }
        try? await writer.close()
    }
}
