import NIOCore
import Synchronization

/// Rendered integration listings for ApiKey callers (which carry no credentials), keyed by environment and its
/// integrations revision. Every committed change bumps the revision in the same transaction, so a cached body is
/// never older than the revision its reader saw, on any instance.
final class ListingCache: Sendable {
    private let entries = Mutex<[String: ByteBuffer]>([:])
    private let capacity: Int

    init(capacity: Int = 512) { self.capacity = capacity }

    func get(_ key: String) -> ByteBuffer? { entries.withLock { $0[key] } }

    func put(_ key: String, _ body: ByteBuffer) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = body
        }
    }
}
