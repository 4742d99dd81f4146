internal import CSQLite3

/// An error reported by SQLite: its (extended) result code and message. Messages name tables, columns and
/// constraints, never bound values.
public struct SQLiteFailure: Error, CustomStringConvertible {
    /// SQLite's extended result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String

    init(code: Int32, handle: OpaquePointer?) {
        self.code = code
        if let handle, let text = sqlite3_errmsg(handle) {
            self.message = String(cString: text)
        } else if let text = sqlite3_errstr(code) {
            self.message = String(cString: text)
        } else {
            self.message = "SQLite error \(code)"
        }
    }

    /// A failure of Herald's own around SQLite (reported as SQLITE_ERROR).
    public init(message: String) {
        self.code = SQLITE_ERROR
        self.message = message
    }

    /// True for a UNIQUE or PRIMARY KEY constraint violation.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (macros Swift does not import).
        code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8)
    }

    public var description: String { "SQLite: \(message) (code \(code))" }
}
