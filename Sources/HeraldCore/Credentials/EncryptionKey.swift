import Crypto
import Foundation

/// A 256-bit AES key and its short id (the first 8 hex digits of the key's SHA-256).
public struct EncryptionKey: Sendable, CustomStringConvertible {
    /// The short id written into every value sealed with this key.
    public let id: String
    let key: SymmetricKey

    /// Wraps 32 raw bytes.
    public init(bytes: Data) throws {
        guard bytes.count == 32 else {
            throw HeraldError.badRequest("An encryption key must be 32 bytes (base64 of 32 bytes), got \(bytes.count)")
        }
        self.key = SymmetricKey(data: bytes)
        self.id = Hex.encode(SHA256.hash(data: bytes).prefix(4))
    }

    /// Parses a base64 key, as given in `HERALD_ENCRYPTION_KEY` or a key file.
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HeraldError.badRequest("An encryption key must be base64 of 32 bytes")
        }
        try self.init(bytes: data)
    }

    /// A new random key.
    public static func generate() -> EncryptionKey {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // A freshly generated key is always 32 bytes, so this cannot fail.
        return try! EncryptionKey(bytes: bytes)
    }

    /// The key as base64, for writing a key file.
    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// Never prints the key material.
    public var description: String { "EncryptionKey(\(id), redacted)" }
}

/// The keys a sealer can use: one active key for sealing and older keys still accepted for opening.
public struct KeySet: Sendable {
    /// The key new values are sealed with.
    public let active: EncryptionKey
    /// Older keys, kept to open values sealed before a rotation.
    public let previous: [EncryptionKey]

    /// Creates a key set.
    public init(active: EncryptionKey, previous: [EncryptionKey] = []) {
        self.active = active
        self.previous = previous.filter { $0.id != active.id }
    }

    /// The key with that id, if present.
    public func key(id: String) -> EncryptionKey? {
        active.id == id ? active : previous.first { $0.id == id }
    }
}
