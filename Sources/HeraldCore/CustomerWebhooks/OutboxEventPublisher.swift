import Logging

/// Publishes events into the webhook outbox and wakes this instance's dispatcher.
public struct OutboxEventPublisher: CustomerEventPublisher {
    private let outbox: any WebhookOutbox
    private let doorbell: Doorbell
    private let logger: Logger

    /// Creates the publisher.
    public init(outbox: any WebhookOutbox, doorbell: Doorbell, logger: Logger) {
        self.outbox = outbox
        self.doorbell = doorbell
        self.logger = logger
    }

    public func record(_ event: CustomerEvent) async throws {
        if try await outbox.enqueue(event) > 0 { doorbell.ring() }
    }

    public func mayRecord(environmentId: String, type: CustomerEventType) async -> Bool {
        // When the answer is unknown, say yes: a follow-up marked in vain costs a write; one not marked can be lost.
        (try? await outbox.hasEndpoints(environmentId: environmentId, type: type)) ?? true
    }

    public func publish(_ event: CustomerEvent) async {
        do {
            try await record(event)
        } catch {
            logger.warning("Recording a webhook event failed", metadata: [
                "event.type": "\(event.type.rawValue)", "event.id": "\(event.id)", "error.type": "\(type(of: error))",
            ])
        }
    }
}
