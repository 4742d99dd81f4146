/// Storage of webhook endpoints (secrets and URLs sealed at rest). Every change is one transaction.
public protocol WebhookEndpointStore: Sendable {
    /// Inserts a new endpoint.
    func insert(_ endpoint: WebhookEndpoint) async throws
    /// An endpoint of an environment.
    func find(id: String, environmentId: String) async throws -> WebhookEndpoint?
    /// An environment's endpoints, newest first.
    func list(environmentId: String) async throws -> [WebhookEndpoint]
    /// Applies `change` to the stored endpoint and saves it, atomically; nil when there is no such endpoint.
    /// Disabling an endpoint cancels its pending messages.
    func update(
        id: String, environmentId: String, _ change: @Sendable (inout WebhookEndpoint) throws -> Void
    ) async throws -> WebhookEndpoint?
    /// Removes an endpoint with its messages and attempt log; false when there was none.
    func delete(id: String, environmentId: String) async throws -> Bool
}
