import Foundation

/// A claim on a delivery: only `owner` may save it until `until`; after that any worker may claim it again.
public struct DeliveryLease: Sendable, Hashable {
    public let owner: String
    public let until: Date

    /// Creates a lease.
    public init(owner: String, until: Date) {
        self.owner = owner
        self.until = until
    }
}
