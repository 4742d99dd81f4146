internal import CSQLite3

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Turns SQLite's allocation statistics off once, before the first connection (see the shim).
private let memoryStatisticsOff: Void = { _ = herald_sqlite3_disable_memstatus() }()

/// One connection to the system's SQLite (libsqlite3), used synchronously by whoever holds it (one task at a time).
/// Statements are prepared once and kept, so a repeated query costs a reset and a bind, not a parse.
public final class SQLiteHandle: @unchecked Sendable {
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private static let maxCachedStatements = 96

    /// Opens (creating if needed) the database at `path`, or a private in-memory database for ":memory:".
    public init(path: String) throws {
        _ = memoryStatisticsOff
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let failure = SQLiteFailure(code: code, handle: handle)
            if let handle { sqlite3_close_v2(handle) }
            throw failure
        }
        self.db = handle
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    /// Runs one statement with its binds, calling `onRow` for every result row with the statement's column names
    /// (the same array for every row) and the row's values.
    public func run(
        _ sql: String, binds: [SQLiteValue], onRow: (_ columns: [String], _ values: [SQLiteValue]) throws -> Void
    ) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, bind) in binds.enumerated() {
            try check(Self.bind(bind, at: Int32(offset + 1), to: statement))
        }
        let count = sqlite3_column_count(statement)
        var columns: [String]?
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, handle: db) }
            let names = columns ?? (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
            columns = names
            var values: [SQLiteValue] = []
            values.reserveCapacity(Int(count))
            for index in 0..<count { values.append(Self.value(of: statement, at: index)) }
            try onRow(names, values)
        }
    }

    /// Runs SQL text that may hold several statements and no binds (pragmas, migrations).
    public func runScript(_ sql: String) throws {
        try check(sqlite3_exec(db, sql, nil, nil, nil))
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw SQLiteFailure(code: code, handle: db) }
        if statements.count >= Self.maxCachedStatements {
            for cached in statements.values { sqlite3_finalize(cached) }
            statements.removeAll(keepingCapacity: true)
        }
        statements[sql] = statement
        return statement
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw SQLiteFailure(code: code, handle: db) }
    }

    private static func bind(_ value: SQLiteValue, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .text(let text):
            return sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .integer(let integer):
            return sqlite3_bind_int64(statement, index, integer)
        case .float(let number):
            return sqlite3_bind_double(statement, index, number)
        case .blob(let bytes):
            return bytes.withUnsafeBytes { sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient) }
        case .null:
            return sqlite3_bind_null(statement, index)
        }
    }

    private static func value(of statement: OpaquePointer, at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .float(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard let blob = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: length)))
        default:
            return .null
        }
    }
}
