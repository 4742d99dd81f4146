import Foundation

/// The durable queue of webhook messages (in the same database as the endpoints), and their attempt log.
public protocol WebhookOutbox: Sendable {
    /// Writes one pending message per enabled endpoint of the event's environment whose filter accepts its type;
    /// an event id already written for an endpoint is not written again. Returns how many were written.
    @discardableResult
    func enqueue(_ event: CustomerEvent) async throws -> Int
    /// False only when the environment was just seen to have no endpoint for `type` (answered from memory).
    func mayHaveEndpoints(environmentId: String, type: CustomerEventType) -> Bool
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
