/// The delivery channel an integration serves, spelled as on Novu's wire.
public enum Channel: String, Sendable, Codable, CaseIterable, Hashable {
    case inApp = "in_app"
    case email
    case sms
    case chat
    case push

    /// Whether integrations on this channel take part in primary/priority ranking (Novu: email and sms only).
    public var hasPrimary: Bool { self == .email || self == .sms }
}
