import Foundation
import Logging
import ServiceLifecycle

/// Keeps the database from growing without bound: every `interval`, removes finished deliveries, provider events
/// and webhook messages and attempts older than the retention period, in batches (each its own short
/// transaction, so a large backlog never holds a long lock). A `Service`; every instance may run one (deleting what
/// another already deleted is a no-op).
public struct RetentionSweeper: Service {
    private let store: any RetentionStore
    private let retention: Duration
    private let interval: Duration
    private let batchSize: Int
    private let pause: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// Creates a sweeper that keeps records for `retention`.
    public init(
        store: any RetentionStore, retention: Duration, interval: Duration = .seconds(3_600), batchSize: Int = 1_000,
        pause: Duration = .milliseconds(50), now: @escaping @Sendable () -> Date = Date.init, logger: Logger
    ) {
        self.pause = pause
        self.store = store
        self.retention = retention
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.sweepOnce()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// Removes everything older than the retention period now, batch after batch; returns what it removed.
    @discardableResult
    public func sweepOnce() async -> PrunedRecords {
        let seconds = Double(retention.components.seconds) + Double(retention.components.attoseconds) / 1e18
        let cutoff = now().addingTimeInterval(-seconds)
        var removed = PrunedRecords()
        while !Task.isCancelled {
            do {
                let batch = try await store.prune(before: cutoff, limit: batchSize)
                removed.deliveries += batch.deliveries
                removed.providerEvents += batch.providerEvents
                removed.webhookMessages += batch.webhookMessages
                removed.webhookAttempts += batch.webhookAttempts
                if max(batch.deliveries, batch.webhookMessages, batch.webhookAttempts) < batchSize { break }
                // A pause between batches leaves the database to the deliveries (a first sweep after an upgrade may
                // have a large backlog; SQLite has one writer).
                try? await Task.sleep(for: pause)
            } catch {
                logger.warning("Removing old records failed; the next sweep tries again",
                               metadata: ["error.type": "\(type(of: error))"])
                break
            }
        }
        if removed.total > 0 {
            logger.info("Removed records older than the retention period", metadata: [
                "deliveries": "\(removed.deliveries)", "provider_events": "\(removed.providerEvents)",
                "webhook_messages": "\(removed.webhookMessages)", "webhook_attempts": "\(removed.webhookAttempts)",
            ])
        }
        return removed
    }
}
