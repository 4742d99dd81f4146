/// A value as SQLite stores it: what a statement binds and what a result row holds.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case float(Double)
    case text(String)
    case blob([UInt8])
    case null
}
