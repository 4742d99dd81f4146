/// One versioned schema step: SQL statements run in order inside the migration transaction.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: @Sendable (StoreDialect) -> [String]
}
