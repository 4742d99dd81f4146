import Foundation

/// The durable queue of webhook messages (in the same database as the endpoints), and their attempt log.
public protocol WebhookOutbox: Sendable {
    /// Writes one pending message per enabled endpoint of the event's environment whose filter accepts its type;
    /// an event id already written for an endpoint is not written again. Returns how many were written.
    @discardableResult
    func enqueue(_ event: CustomerEvent) async throws -> Int
    /// Whether an enabled endpoint of the environment wants `type` (a recent "none" is answered from memory).
    func hasEndpoints(environmentId: String, type: CustomerEventType) async throws -> Bool
    /// Claims up to `limit` due pending messages for `owner` until `leaseUntil` (expired leases are claimed again;
    /// PostgreSQL instances skip rows another one is claiming).
    func claim(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [WebhookDispatch]
    /// Saves a claimed message's new state and its attempt, releasing the lease; false if the lease was lost
    /// (nothing is saved then).
    @discardableResult
    func record(_ message: WebhookMessage, attempt: WebhookAttempt, owner: String) async throws -> Bool
    /// An endpoint's attempts, newest first, and how many there are.
    func attempts(endpointId: String, environmentId: String, limit: Int, offset: Int) async throws
        -> (attempts: [WebhookAttempt], total: Int)
}
