import Synchronization

/// Values derived from an environment's integrations, valid for the `integrations_revision` they were computed at.
/// Every committed integration change bumps that revision in the same transaction, so a caller who read revision R
/// never gets a value older than R, on any instance.
public final class RevisionCache<Value: Sendable>: Sendable {
    private struct Entry {
        let revision: Int64
        let value: Value
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    /// Creates a cache holding at most `capacity` keys (it is emptied when full).
    public init(capacity: Int = 1024) { self.capacity = capacity }

    /// The value for `key` computed at exactly `revision`, if any.
    public func value(_ key: String, revision: Int64) -> Value? {
        entries.withLock { entries in entries[key].flatMap { $0.revision == revision ? $0.value : nil } }
    }

    /// Stores the value computed after reading `revision`.
    public func store(_ value: Value, for key: String, revision: Int64) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(revision: revision, value: value)
        }
    }
}
