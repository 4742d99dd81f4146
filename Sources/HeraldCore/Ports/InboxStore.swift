import Foundation

/// One in-app message in a subscriber's inbox.
public struct InboxMessage: Sendable, Hashable {
    public var id: String
    public var environmentId: String
    public var subscriberId: String
    public var deliveryId: String
    public var title: String?
    public var content: String
    public var data: JSONValue?
    public var read: Bool
    public var seen: Bool
    public var createdAt: Date

    /// Creates a message.
    public init(id: String, environmentId: String, subscriberId: String, deliveryId: String, title: String?,
                content: String, data: JSONValue?, read: Bool = false, seen: Bool = false, createdAt: Date) {
        self.id = id
        self.environmentId = environmentId
        self.subscriberId = subscriberId
        self.deliveryId = deliveryId
        self.title = title
        self.content = content
        self.data = data
        self.read = read
        self.seen = seen
        self.createdAt = createdAt
    }
}

/// Storage of in-app messages (the `novu` provider's inbox).
public protocol InboxStore: Sendable {
    /// Stores a message; a second message for the same delivery is ignored (at-least-once delivery stays single).
    /// Returns the stored message's id.
    func insert(_ message: InboxMessage) async throws -> String
    /// A page of a subscriber's messages, newest first, and the total matching.
    func feed(environmentId: String, subscriberId: String, read: Bool?, seen: Bool?, limit: Int, offset: Int) async throws -> ([InboxMessage], Int)
    /// How many messages the subscriber has not seen.
    func unseenCount(environmentId: String, subscriberId: String) async throws -> Int
    /// Sets `read` or `seen` on the subscriber's messages with these ids and returns them.
    func mark(environmentId: String, subscriberId: String, ids: [String], read: Bool?, seen: Bool?) async throws -> [InboxMessage]
}
