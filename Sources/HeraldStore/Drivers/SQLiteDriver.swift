import Foundation
import HeraldCore
import HeraldSQLite
import Logging
import SQLKit
import Synchronization

/// SQLite through our own thin layer (`SQLiteHandle`, over the system's libsqlite3): one writer connection whose
/// transactions are serialised by an async lock, and a small pool of reader connections in WAL mode.
///
/// Statements run synchronously on the calling task's thread with prepared statements kept per connection. In WAL
/// mode with `synchronous=NORMAL` a statement or a commit touches only memory and the page cache (fsync happens
/// at checkpoints), so this costs less than handing every statement to a thread pool and back, which used to be
/// most of the CPU spent per delivery.
public final class SQLiteDriver: DatabaseDriver {
    public let dialect = StoreDialect.sqlite
    private let writer: SQLiteHandle
    private let path: String?
    private let idleReaders = Mutex<[SQLiteHandle]>([])
    private let lock = AsyncLock()
    private let logger: Logger
    private static let maxIdleReaders = 8

    /// Opens the database file (created if missing, with its folder) or an in-memory database for `path == nil`.
    public static func open(path: String?, logger: Logger) async throws -> SQLiteDriver {
        guard let path else {
            return SQLiteDriver(writer: try SQLiteHandle(path: ":memory:"), path: nil, logger: logger)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        restrictPermissions(path)
        let writer = try SQLiteHandle(path: path)
        // secure_delete: deleted credentials are overwritten, whatever the system SQLite was built with.
        try writer.runScript("""
            PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
            PRAGMA secure_delete=ON;
            """)
        return SQLiteDriver(writer: writer, path: path, logger: logger)
    }

    /// The database holds sealed credentials, delivery requests and recipients: only its owner may read it. The file
    /// is created 0600 before SQLite opens it (SQLite gives its `-wal` and `-shm` files the database file's mode),
    /// and files left by an older version are narrowed to 0600.
    static func restrictPermissions(_ path: String) {
        let descriptor = Foundation.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] { chmod(file, 0o600) }
    }

    private init(writer: SQLiteHandle, path: String?, logger: Logger) {
        self.writer = writer
        self.path = path
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let path else {
            return try await lock.withLock { try await body(SQLiteSession(handle: writer, logger: logger)) }
        }
        let reader = try idleReaders.withLock { $0.popLast() } ?? openReader(path)
        defer { idleReaders.withLock { if $0.count < Self.maxIdleReaders { $0.append(reader) } } }
        return try await body(SQLiteSession(handle: reader, logger: logger))
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock { try await body(SQLiteSession(handle: writer, logger: logger)) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock {
            try await SQLiteSession(handle: writer, logger: logger).inTransaction(
                begin: "BEGIN IMMEDIATE", isUniqueViolation: { ($0 as? SQLiteFailure)?.isUniqueViolation == true }, body)
        }
    }

    public func shutdown() async {
        idleReaders.withLock { $0.removeAll() }
    }

    private func openReader(_ path: String) throws -> SQLiteHandle {
        let reader = try SQLiteHandle(path: path)
        try reader.runScript("PRAGMA busy_timeout=10000;")
        return reader
    }
}
