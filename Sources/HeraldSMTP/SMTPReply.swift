/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines (a multi-line reply's lines joined).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, e.g. 250.
    public let code: Int
    /// The text of each line, without the code and separator.
    public let lines: [String]

    /// Creates a reply.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx and 3xx: the command was accepted (3xx: go on).
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: a transient failure; trying again later may succeed.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    public var isPermanent: Bool { code >= 500 }

    public var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// What went wrong talking SMTP, classified so a caller can decide to retry.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// Could not connect, or the connection broke.
        case connection
        /// A connect, greeting or command deadline passed.
        case timeout
        /// TLS could not be set up (handshake, certificate, or the server lacks STARTTLS while TLS is required).
        case tls
        /// The server refused the credentials (535 and the like).
        case authentication
        /// The server answered a command with an error reply.
        case reply(SMTPReply)
        /// The message cannot be sent as it is (too large for the server, a non-ASCII address without SMTPUTF8).
        case message
        /// The server broke the protocol.
        case protocolViolation
    }

    public let kind: Kind
    /// What happened, never holding a credential.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether trying again later could succeed: connection trouble, timeouts and 4xx replies.
    public var isTransient: Bool {
        switch kind {
        case .connection, .timeout: true
        case .reply(let reply): reply.isTransient
        case .tls, .authentication, .message, .protocolViolation: false
        }
    }

    public var description: String { message }
}
