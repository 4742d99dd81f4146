import HeraldSQLite
import NIOCore
import SQLiteKit
import SQLiteNIO

extension SQLiteValue {
    /// A bound value: common types directly, anything else through SQLiteKit's encoder, so values are stored exactly
    /// as they were through SQLiteKit.
    init(binding value: any Encodable & Sendable) throws {
        switch value {
        case let text as String: self = .text(text)
        case let integer as Int: self = .integer(Int64(integer))
        case let integer as Int64: self = .integer(integer)
        case let flag as Bool: self = .integer(flag ? 1 : 0)
        case let number as Double: self = .float(number)
        case let ready as SQLiteData: self.init(ready)
        default: self.init(try SQLiteDataEncoder().encode(value))
        }
    }

    init(_ data: SQLiteData) {
        switch data {
        case .text(let text): self = .text(text)
        case .integer(let integer): self = .integer(Int64(integer))
        case .float(let number): self = .float(number)
        case .blob(let buffer): self = .blob(Array(buffer.readableBytesView))
        case .null: self = .null
        }
    }

    /// This value as SQLiteKit's `SQLiteData`.
    var data: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .integer(let integer): .integer(Int(integer))
        case .float(let number): .float(number)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        case .null: .null
        }
    }
}
