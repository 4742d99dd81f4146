import VaporCSQLite

/// An error reported by SQLite: its (extended) result code and message. Messages name tables, columns and
/// constraints, never bound values.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// SQLite's extended result code.
    let code: Int32
    let message: String

    init(code: Int32, handle: OpaquePointer?) {
        self.code = code
        if let handle, let text = sqlite_nio_sqlite3_errmsg(handle) {
            self.message = String(cString: text)
        } else if let text = sqlite_nio_sqlite3_errstr(code) {
            self.message = String(cString: text)
        } else {
            self.message = "SQLite error \(code)"
        }
    }

    init(message: String) {
        self.code = SQLITE_ERROR
        self.message = message
    }

    /// True for a UNIQUE or PRIMARY KEY constraint violation.
    var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (macros Swift does not import).
        code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8)
    }

    var description: String { "SQLite: \(message) (code \(code))" }
}
