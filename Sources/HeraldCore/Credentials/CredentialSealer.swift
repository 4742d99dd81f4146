import Crypto
import Foundation
import Synchronization

/// Seals and opens values with AES-256-GCM; sealed text is `hv1.<key id>.<base64(nonce‖ciphertext‖tag)>`.
///
/// The key set comes from a ``KeySetSource``; when the source changes (a rotation wrote a new key file) the sealer
/// picks up the new active key, so running servers keep working while `herald keys rotate-encryption` runs.
public final class CredentialSealer: Sendable {
    /// The prefix of every sealed value.
    public static let prefix = "hv1."

    private let source: any KeySetSource
    private let state: Mutex<Loaded>

    private struct Loaded {
        var keys: KeySet
        var version: String?
    }

    /// Creates a sealer and loads the key set once.
    public init(source: any KeySetSource) throws {
        self.source = source
        let version = source.version()
        self.state = Mutex(Loaded(keys: try source.load(), version: version))
    }

    /// The key set in use now, reloading it if the source changed.
    public func currentKeys() throws -> KeySet {
        let version = source.version()
        if let cached = state.withLock({ $0.version == version ? $0.keys : nil }) { return cached }
        let keys = try source.load()
        state.withLock { $0 = Loaded(keys: keys, version: version) }
        return keys
    }

    /// The id of the key new values are sealed with.
    public func activeKeyId() throws -> String { try currentKeys().active.id }

    /// Seals bytes under the active key.
    public func seal(_ plaintext: Data) throws -> String {
        let key = try currentKeys().active
        let box = try AES.GCM.seal(plaintext, using: key.key)
        guard let combined = box.combined else { throw HeraldError.unavailable("Encryption failed") }
        return Self.prefix + key.id + "." + combined.base64EncodedString()
    }

    /// Seals a JSON value.
    public func seal(json: JSONValue) throws -> String { try seal(json.encoded()) }

    /// Opens a sealed value; throws if its key is unknown or the data was tampered with.
    public func open(_ sealed: String) throws -> Data {
        guard let (keyId, payload) = Self.split(sealed) else {
            throw HeraldError.unavailable("Stored credentials are not in the sealed format")
        }
        var key = state.withLock { $0.keys.key(id: keyId) }
        if key == nil { key = try currentKeys().key(id: keyId) }
        guard let key else {
            throw HeraldError.unavailable("Stored credentials are sealed with an unknown key (\(keyId))")
        }
        guard let data = Data(base64Encoded: String(payload)) else {
            throw HeraldError.unavailable("Stored credentials are corrupt")
        }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key.key)
        } catch {
            throw HeraldError.unavailable("Stored credentials failed authentication")
        }
    }

    /// Opens a sealed JSON value.
    public func openJSON(_ sealed: String) throws -> JSONValue { try JSONValue.parse(open(sealed)) }

    /// The key id a sealed value names, or nil if it is not sealed text.
    public static func keyId(of sealed: String) -> String? { split(sealed)?.0 }

    private static func split(_ sealed: String) -> (String, Substring)? {
        guard sealed.hasPrefix(prefix) else { return nil }
        let rest = sealed.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        return (String(rest[..<dot]), rest[rest.index(after: dot)...])
    }
}
