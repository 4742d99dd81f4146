import Crypto
import Foundation

/// The kinds of event Herald sends to customers' webhook endpoints.
public enum CustomerEventType: String, Sendable, Hashable, CaseIterable, Codable {
    case deliverySent = "delivery.sent"
    case deliveryDelivered = "delivery.delivered"
    case deliveryFailed = "delivery.failed"
    case deliveryBounced = "delivery.bounced"
    case deliveryOpened = "delivery.opened"
    case deliveryClicked = "delivery.clicked"
    case circuitOpened = "integration.circuit_opened"
    case circuitClosed = "integration.circuit_closed"
}

/// Something that happened in an environment, for its webhook endpoints: sent as `{type, timestamp, data}`.
public struct CustomerEvent: Sendable, Hashable {
    /// The message id (`webhook-id`): the same on every attempt, and the same for a repeated publish of one event,
    /// so receivers (and the outbox) can drop duplicates.
    public var id: String
    /// What happened.
    public var type: CustomerEventType
    /// The environment it happened in; only its endpoints receive it.
    public var environmentId: String
    /// When it happened (`timestamp` in the body).
    public var occurredAt: Date
    /// The event's fields (an object).
    public var data: JSONValue

    /// Creates an event; without an `id`, a new random one.
    public init(id: String? = nil, type: CustomerEventType, environmentId: String, occurredAt: Date = Date(), data: JSONValue) {
        self.id = id ?? "msg_" + Identifiers.objectId(now: occurredAt)
        self.type = type
        self.environmentId = environmentId
        self.occurredAt = occurredAt
        self.data = data
    }

    /// A message id derived from `parts` (`msg_` and 24 hex digits), for events that may be published twice.
    public static func stableId(_ parts: String...) -> String {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1}").utf8))
        return "msg_" + Hex.encode(Array(digest.prefix(12)))
    }

    /// The body sent to endpoints: `{"type", "timestamp", "data"}`.
    public var body: JSONValue {
        .object([
            "type": .string(type.rawValue),
            "timestamp": .string(occurredAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "data": data,
        ])
    }
}

extension CustomerEvent {
    /// An event about a delivery: `deliveryId`, `channel`, `status`, `transactionId`, and from its last attempt that
    /// reached a provider `integrationId`, `providerId` and `messageId`; for `delivery.failed` also the `reason` and
    /// the (redacted) `error` of its last failed attempt. `extra` fields are added (and win).
    public static func delivery(
        _ type: CustomerEventType, _ delivery: Delivery, id: String? = nil, occurredAt: Date = Date(),
        extra: [String: JSONValue] = [:]
    ) -> CustomerEvent {
        var data: [String: JSONValue] = [
            "deliveryId": .string(delivery.id), "channel": .string(delivery.request.channel.rawValue),
            "status": .string(delivery.status.rawValue),
        ]
        if let transactionId = delivery.request.transactionId { data["transactionId"] = .string(transactionId) }
        let attempt = delivery.attempts.last { $0.outcome == .sent } ?? delivery.attempts.last { !$0.providerId.isEmpty }
        if let attempt {
            data["integrationId"] = .string(attempt.integrationId)
            data["providerId"] = .string(attempt.providerId)
            if let messageId = attempt.messageId { data["messageId"] = .string(messageId) }
        }
        if type == .deliveryFailed, let failed = delivery.attempts.last(where: { $0.outcome != .sent }) {
            data["reason"] = .string(failed.reason ?? "unknown")
            if let error = failed.error { data["error"] = .string(error) }
        }
        data.merge(extra) { _, new in new }
        return CustomerEvent(
            id: id, type: type, environmentId: delivery.environmentId, occurredAt: occurredAt, data: .object(data))
    }
}
