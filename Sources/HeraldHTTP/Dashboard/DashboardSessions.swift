import Foundation
import HeraldCore

/// The dashboard's signed-in sessions, kept in memory on this instance: a random id in an HttpOnly, SameSite=Strict
/// cookie points to the organization and the CSRF token every form must carry. Sign-out removes the session.
actor DashboardSessions {
    /// One signed-in browser.
    struct Session: Sendable {
        let id: String
        let organizationId: String
        /// The token every POST must carry (hidden form field or `X-CSRF-Token`).
        let csrfToken: String
        let expiresAt: Date
    }

    /// How long a session lasts after sign-in.
    static let lifetime: TimeInterval = 12 * 3600
    private let capacity: Int
    private var sessions: [String: Session] = [:]

    init(capacity: Int = 1000) { self.capacity = capacity }

    /// Starts a session for the organization.
    func create(organizationId: String, now: Date = Date()) -> Session {
        sessions = sessions.filter { $0.value.expiresAt > now }
        if sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.expiresAt < $1.expiresAt }) {
            sessions[oldest.id] = nil
        }
        let session = Session(
            id: Identifiers.randomAlphanumeric(43), organizationId: organizationId,
            csrfToken: Identifiers.randomAlphanumeric(32), expiresAt: now.addingTimeInterval(Self.lifetime))
        sessions[session.id] = session
        return session
    }

    /// The live session with that id.
    func session(id: String, now: Date = Date()) -> Session? {
        guard let session = sessions[id] else { return nil }
        if session.expiresAt <= now {
            sessions[id] = nil
            return nil
        }
        return session
    }

    /// Ends a session.
    func remove(id: String) { sessions[id] = nil }
}

/// Constant-time comparison of two tokens.
func tokensEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
