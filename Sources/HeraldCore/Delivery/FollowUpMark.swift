import Foundation

/// What a saved outcome still owes, written by the save itself: the customer event of that outcome (and, for a
/// failure, the channel fallback), identified by the outcome's attempt count, and when a sweep may take it over.
public struct FollowUpMark: Sendable, Hashable {
    /// `delivery.sent` or `delivery.failed`.
    public var event: CustomerEventType
    /// How many attempts the saved outcome had (part of the event's stable id).
    public var attempts: Int
    /// When another instance's sweep may finish it; also what a clear must match (a newer mark is never cleared).
    public var dueAt: Date

    /// Creates a mark.
    public init(event: CustomerEventType, attempts: Int, dueAt: Date) {
        self.event = event
        self.attempts = attempts
        self.dueAt = dueAt
    }

    /// The stored form, `<event>:<attempts>`.
    public var text: String { "\(event.rawValue):\(attempts)" }

    /// A mark from its stored form and due time (nil for text this version does not understand).
    public init?(text: String, dueAt: Date) {
        guard let colon = text.lastIndex(of: ":"), let event = CustomerEventType(rawValue: String(text[..<colon])),
              let attempts = Int(text[text.index(after: colon)...]), attempts >= 0
        else { return nil }
        self.init(event: event, attempts: attempts, dueAt: dueAt)
    }
}
