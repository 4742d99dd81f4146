import Foundation
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection, used synchronously by whoever holds it (the driver hands each handle to one task at a
/// time). Statements are prepared once and kept, so a repeated query costs a reset and a bind, not a parse.
final class SQLiteHandle: @unchecked Sendable {
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private static let maxCachedStatements = 96

    /// Opens (creating if needed) the database at `path`, or a private in-memory database for ":memory:".
    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let failure = SQLiteFailure(code: code, handle: handle)
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw failure
        }
        self.db = handle
    }

    deinit {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        sqlite_nio_sqlite3_close_v2(db)
    }

    /// Runs one statement with its binds, calling `onRow` for every result row.
    func run(_ sql: String, binds: [any Encodable & Sendable], onRow: (SQLiteResultRow) throws -> Void) throws {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, bind) in binds.enumerated() {
            try check(Self.bind(bind, at: Int32(offset + 1), to: statement))
        }
        let count = sqlite_nio_sqlite3_column_count(statement)
        var columns: SQLiteColumns?
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, handle: db) }
            let names = columns ?? SQLiteColumns(names: (0..<count).map {
                String(cString: sqlite_nio_sqlite3_column_name(statement, $0))
            })
            columns = names
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for index in 0..<count { values.append(Self.value(of: statement, at: index)) }
            try onRow(SQLiteResultRow(columns: names, values: values))
        }
    }

    /// Runs SQL text that may hold several statements and no binds (pragmas, migrations).
    func runScript(_ sql: String) throws {
        try check(sqlite_nio_sqlite3_exec(db, sql, nil, nil, nil))
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw SQLiteFailure(code: code, handle: db) }
        if statements.count >= Self.maxCachedStatements {
            for cached in statements.values { sqlite_nio_sqlite3_finalize(cached) }
            statements.removeAll(keepingCapacity: true)
        }
        statements[sql] = statement
        return statement
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw SQLiteFailure(code: code, handle: db) }
    }

    private static func bind(_ value: any Encodable & Sendable, at index: Int32, to statement: OpaquePointer) throws -> Int32 {
        let data: SQLiteData
        switch value {
        case let text as String: data = .text(text)
        case let integer as Int: data = .integer(integer)
        case let integer as Int64: data = .integer(Int(integer))
        case let flag as Bool: data = .integer(flag ? 1 : 0)
        case let number as Double: data = .float(number)
        case let ready as SQLiteData: data = ready
        default: data = try SQLiteDataEncoder().encode(value)
        }
        switch data {
        case .text(let text):
            return sqlite_nio_sqlite3_bind_text64(
                statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .integer(let integer):
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let number):
            return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
            }
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(of statement: OpaquePointer, at index: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let blob = sqlite_nio_sqlite3_column_blob(statement, index) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: blob, count: length))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }
}
