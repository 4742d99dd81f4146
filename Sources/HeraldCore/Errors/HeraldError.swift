/// An error with a meaning the API can map to a status code; its message never contains a secret.
public struct HeraldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// The request is well-formed but not acceptable (HTTP 400).
        case badRequest
        /// Authentication is missing or wrong (HTTP 401).
        case unauthorized
        /// The caller may not act on that resource (HTTP 403).
        case forbidden
        /// The resource does not exist in the caller's scope (HTTP 404).
        case notFound
        /// The request conflicts with the current state (HTTP 409).
        case conflict
        /// The body failed validation (HTTP 422, Novu's "Validation Error").
        case validation
        /// The body is larger than allowed (HTTP 413).
        case payloadTooLarge
        /// A dependency (the database) is not available (HTTP 503).
        case unavailable
    }

    /// The kind of failure.
    public let kind: Kind
    /// The human-readable message.
    public let message: String
    /// The individual problems, for validation errors.
    public let messages: [String]

    private init(kind: Kind, message: String, messages: [String] = []) {
        self.kind = kind
        self.message = message
        self.messages = messages
    }

    public var description: String { messages.isEmpty ? message : "\(message): \(messages.joined(separator: "; "))" }

    /// HTTP 400.
    public static func badRequest(_ message: String) -> HeraldError { .init(kind: .badRequest, message: message) }
    /// HTTP 401.
    public static func unauthorized(_ message: String) -> HeraldError { .init(kind: .unauthorized, message: message) }
    /// HTTP 403.
    public static func forbidden(_ message: String) -> HeraldError { .init(kind: .forbidden, message: message) }
    /// HTTP 404.
    public static func notFound(_ message: String) -> HeraldError { .init(kind: .notFound, message: message) }
    /// HTTP 409.
    public static func conflict(_ message: String) -> HeraldError { .init(kind: .conflict, message: message) }
    /// HTTP 413.
    public static func payloadTooLarge(_ message: String) -> HeraldError { .init(kind: .payloadTooLarge, message: message) }
    /// HTTP 503.
    public static func unavailable(_ message: String) -> HeraldError { .init(kind: .unavailable, message: message) }
    /// HTTP 422 with Novu's `Validation Error` message and the list of problems.
    public static func validation(_ messages: [String]) -> HeraldError {
        .init(kind: .validation, message: "Validation Error", messages: messages)
    }
}
