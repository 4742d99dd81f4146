import Foundation

/// Where encryption keys come from: the environment, or a key file beside the SQLite database.
public protocol KeySetSource: Sendable {
    /// Loads the current key set.
    func load() throws -> KeySet
    /// A token that changes whenever the keys may have changed (nil if they never change).
    func version() -> String?
}

/// Keys given in the environment: `HERALD_ENCRYPTION_KEY` (active) and `HERALD_PREVIOUS_ENCRYPTION_KEYS`.
public struct StaticKeySetSource: KeySetSource {
    private let keys: KeySet

    /// Wraps a fixed key set.
    public init(_ keys: KeySet) { self.keys = keys }

    /// Parses the active key and a comma-separated list of previous keys, all base64.
    public init(activeBase64: String, previousBase64: String?) throws {
        let previous = try (previousBase64 ?? "").split(separator: ",").map { try EncryptionKey(base64: String($0)) }
        self.keys = KeySet(active: try EncryptionKey(base64: activeBase64), previous: previous)
    }

    public func load() throws -> KeySet { keys }
    public func version() -> String? { nil }
}

/// A key file with one base64 key per line; the last line is the active key. Created with mode 0600 if missing.
public struct KeyFileSource: KeySetSource {
    /// The file's path.
    public let path: String

    /// Uses the file at `path`, creating it with a new key when it does not exist.
    public init(path: String, createIfMissing: Bool = true) throws {
        self.path = path
        if createIfMissing, !FileManager.default.fileExists(atPath: path) {
            try Self.write([EncryptionKey.generate()], to: path)
        }
    }

    public func load() throws -> KeySet {
        let keys = try readKeys()
        guard let active = keys.last else {
            throw HeraldError.unavailable("The key file \(path) holds no key")
        }
        return KeySet(active: active, previous: keys.dropLast())
    }

    public func version() -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        return "\(date)-\(size)"
    }

    /// The keys in file order (oldest first).
    public func readKeys() throws -> [EncryptionKey] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw HeraldError.unavailable("Cannot read the key file \(path)")
        }
        return try text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }.map {
            try EncryptionKey(base64: String($0))
        }
    }

    /// Replaces the file's keys atomically (write to a temporary file with mode 0600, then rename).
    public static func write(_ keys: [EncryptionKey], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".tmp-\(getpid())"
        let body = keys.map(\.base64).joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(
            atPath: temporary, contents: Data(body.utf8), attributes: [.posixPermissions: 0o600]
        ) else {
            throw HeraldError.unavailable("Cannot write the key file \(path)")
        }
        if rename(temporary, path) != 0 {
            throw HeraldError.unavailable("Cannot replace the key file \(path)")
        }
    }
}
