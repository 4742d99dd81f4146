import HeraldSQLite
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The column names of one statement's result, shared by all of its rows.
final class SQLiteColumns: Sendable {
    let names: [String]
    private let indexes: [String: Int]

    init(names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil { indexes[name] = index }
        self.indexes = indexes
    }

    func index(of name: String) -> Int? { indexes[name] }
}

/// One result row, already copied out of SQLite. Common column types decode directly; anything else goes
/// through SQLiteKit's decoder, so values read exactly as they did through SQLiteKit.
struct SQLiteResultRow: SQLRow {
    let columns: SQLiteColumns
    let values: [SQLiteValue]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.index(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.index(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.index(of: column) else {
            throw SQLiteFailure(message: "No column named \(column) in the result")
        }
        let value = values[index]
        switch value {
        case .text(let text):
            if D.self == String.self || D.self == String?.self { return text as! D }
        case .integer(let integer):
            if D.self == Int.self || D.self == Int?.self { return Int(integer) as! D }
            if D.self == Int64.self || D.self == Int64?.self { return integer as! D }
            if D.self == Bool.self || D.self == Bool?.self { return (integer != 0) as! D }
        case .null:
            if D.self == String?.self { return String?.none as! D }
            if D.self == Int?.self { return Int?.none as! D }
            if D.self == Int64?.self { return Int64?.none as! D }
            if D.self == Bool?.self { return Bool?.none as! D }
        default:
            break
        }
        return try SQLiteDataDecoder().decode(D.self, from: value.data)
    }
}
