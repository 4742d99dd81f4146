import Foundation

/// One event on its way to one endpoint: a row of the webhook outbox.
public struct WebhookMessage: Sendable, Hashable {
    /// Where the message stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Waiting for its next attempt.
        case pending
        /// An attempt was answered with a 2xx.
        case delivered
        /// Every attempt failed.
        case failed
        /// The endpoint was disabled before it was delivered.
        case cancelled
    }

    /// The row id.
    public var id: String
    /// The event's message id (`webhook-id`).
    public var eventId: String
    public var eventType: CustomerEventType
    public var endpointId: String
    public var environmentId: String
    /// The exact body sent on every attempt.
    public var body: [UInt8]
    public var status: Status
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due.
    public var nextAttemptAt: Date
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates a message value.
    public init(
        id: String, eventId: String, eventType: CustomerEventType, endpointId: String, environmentId: String,
        body: [UInt8], status: Status = .pending, attempts: Int = 0, nextAttemptAt: Date, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.eventId = eventId
        self.eventType = eventType
        self.endpointId = endpointId
        self.environmentId = environmentId
        self.body = body
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A claimed message with where to send it and what to sign it with.
public struct WebhookDispatch: Sendable {
    public var message: WebhookMessage
    /// The endpoint's URL.
    public var url: String
    /// The endpoint's secret.
    public var secret: WebhookSecret

    /// Creates a dispatch.
    public init(message: WebhookMessage, url: String, secret: WebhookSecret) {
        self.message = message
        self.url = url
        self.secret = secret
    }
}

/// One attempt to deliver a message, as `GET /v1/webhook-endpoints/{id}/attempts` lists it.
public struct WebhookAttempt: Sendable, Hashable {
    /// The attempt's id.
    public var id: String
    /// The outbox row it belongs to.
    public var messageId: String
    /// The event's message id (`webhook-id`).
    public var eventId: String
    public var eventType: CustomerEventType
    public var endpointId: String
    public var environmentId: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// The endpoint's answer, nil when none came (connection failure, timeout, refused address).
    public var statusCode: Int?
    /// Why it failed: redacted and short (a status line and the start of the answer, never the whole body).
    public var error: String?
    /// How long it took, in milliseconds.
    public var durationMs: Int
    /// When it was made.
    public var createdAt: Date

    /// Whether the endpoint answered 2xx.
    public var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }

    /// Creates an attempt value.
    public init(
        id: String, messageId: String, eventId: String, eventType: CustomerEventType, endpointId: String,
        environmentId: String, attempt: Int, statusCode: Int?, error: String?, durationMs: Int, createdAt: Date
    ) {
        self.id = id
        self.messageId = messageId
        self.eventId = eventId
        self.eventType = eventType
        self.endpointId = endpointId
        self.environmentId = environmentId
        self.attempt = attempt
        self.statusCode = statusCode
        self.error = error
        self.durationMs = durationMs
        self.createdAt = createdAt
    }
}
