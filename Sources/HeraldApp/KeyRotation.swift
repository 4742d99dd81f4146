import Foundation
import HeraldCore
import HeraldStore
import Logging

/// `herald keys rotate-encryption`: a new active key, every secret re-sealed, old keys dropped when unused.
public enum KeyRotation {
    /// What a rotation did.
    public struct Report: Sendable {
        /// The new active key's id.
        public let activeKeyId: String
        /// Rows re-sealed.
        public let rewritten: Int
        /// Key ids removed from the key file.
        public let removedKeyIds: [String]
    }

    /// Rotates. With a key file, a new key is appended (servers pick it up on their next write); with
    /// `HERALD_ENCRYPTION_KEY`, the operator has already set the new key there and the old one in
    /// `HERALD_PREVIOUS_ENCRYPTION_KEYS`, and this re-seals everything under it.
    public static func rotate(
        _ runtime: HeraldRuntime, logger: Logger, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Report {
        var oldKeys: [EncryptionKey] = []
        if let keyFile = runtime.keyFile {
            oldKeys = try keyFile.readKeys()
            try KeyFileSource.write(oldKeys + [EncryptionKey.generate()], to: keyFile.path)
        }
        let rotator = CredentialRotator(driver: runtime.driver, sealer: runtime.sealer)
        var rewritten = try await rotator.rotate(logger: logger, progress: progress)
        // A server that sealed with the old key just before it noticed the new file: sweep once more.
        try await Task.sleep(for: .milliseconds(1500))
        rewritten += try await rotator.rotate(logger: logger, progress: progress)
        let active = try runtime.sealer.activeKeyId()
        var removed: [String] = []
        if let keyFile = runtime.keyFile, try await rotator.remaining() == 0 {
            let keep = try keyFile.readKeys().filter { $0.id == active }
            removed = oldKeys.map(\.id).filter { $0 != active }
            try KeyFileSource.write(keep, to: keyFile.path)
        }
        return Report(activeKeyId: active, rewritten: rewritten, removedKeyIds: removed)
    }
}
