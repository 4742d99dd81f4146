/// What a provider reported about a message it accepted, normalized to Novu's email, SMS and push event statuses.
public enum ProviderEventStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case created, accepted, queued, sending, sent, deferred, delayed, delivered
    case opened, clicked, dismissed
    case bounced, dropped, rejected, blocked, failed, undelivered
    case spam, complaint, unsubscribed

    /// How the report changes the delivery: a bounce or undelivered report fails it, a delivered, opened or clicked
    /// report makes a sent delivery `delivered`; the rest are recorded only.
    public var effect: Effect {
        switch self {
        case .bounced, .dropped, .rejected, .blocked, .failed, .undelivered: return .failed
        case .delivered, .opened, .clicked: return .delivered
        default: return .none
        }
    }

    /// A report's effect on its delivery.
    public enum Effect: Sendable, Hashable {
        case none, delivered, failed
    }

    /// The customer webhook event type this report is announced as, if any.
    public var customerEventType: String? {
        switch self {
        case .delivered: return "delivery.delivered"
        case .bounced: return "delivery.bounced"
        case .opened: return "delivery.opened"
        case .clicked: return "delivery.clicked"
        case .dropped, .rejected, .blocked, .failed, .undelivered: return "delivery.failed"
        default: return nil
        }
    }
}
