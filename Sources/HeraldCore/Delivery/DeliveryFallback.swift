import Foundation
import Logging

/// Channel fallback: when a delivery with `fallback` steps fails for good (every integration of its channel failed,
/// or its provider reported it bounced or undelivered), the first step is enqueued as a new delivery linked to it.
/// The new delivery's idempotency key is `fallback:<original id>`, so a repeated trigger (a retried save, a provider
/// repeating its report, another instance) enqueues it once.
public struct DeliveryFallback: Sendable {
    private let deliveries: DeliveryService
    private let tenancy: any TenancyStore
    private let logger: Logger

    /// Creates the fallback over the delivery use cases.
    public init(deliveries: DeliveryService, tenancy: any TenancyStore, logger: Logger) {
        self.deliveries = deliveries
        self.tenancy = tenancy
        self.logger = logger
    }

    /// The idempotency key of the fallback of `deliveryId`.
    public static func idempotencyKey(of deliveryId: String) -> String { "fallback:" + deliveryId }

    /// Enqueues the next step when `delivery` failed and has one; returns the new delivery (nil when there is
    /// none or it could not be enqueued, which is logged).
    @discardableResult
    public func followUp(_ delivery: Delivery) async -> Delivery? {
        do {
            return try await enqueueNext(delivery)
        } catch {
            logger.warning("The fallback step could not be enqueued", metadata: [
                "delivery.id": "\(delivery.id)", "channel": "\(delivery.request.fallback?.first?.channel.rawValue ?? "")",
                "error": "\(error is HeraldError ? "\(error)" : "\(type(of: error))")",
            ])
            return nil
        }
    }

    /// Enqueues the next step when `delivery` failed and has one; throws when it could not be enqueued (a
    /// missing environment is nothing to do).
    @discardableResult
    public func enqueueNext(_ delivery: Delivery) async throws -> Delivery? {
        guard delivery.status == .failed, let request = delivery.request.fallbackRequest(parentId: delivery.id) else {
            return nil
        }
        guard let environment = try await tenancy.environment(id: delivery.environmentId) else { return nil }
        let (next, created) = try await deliveries.enqueue(
            request, environment: environment, idempotencyKey: Self.idempotencyKey(of: delivery.id),
            bodyHash: DeliveryService.hash(request.jsonValue))
        if created {
            logger.info("Fallback enqueued", metadata: [
                "delivery.id": "\(delivery.id)", "fallback.id": "\(next.id)", "channel": "\(request.channel.rawValue)",
            ])
        }
        return next
    }

    /// Enqueues the next step of a delivery a provider reported failed (it is read first).
    public func followUp(deliveryId: String, environmentId: String) async {
        guard let delivery = try? await deliveries.get(id: deliveryId, environmentId: environmentId) else { return }
        await followUp(delivery)
    }
}
