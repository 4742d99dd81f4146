import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Claims due deliveries with a lease and processes them; a `Service`, so SIGTERM stops claiming, lets in-flight
/// deliveries finish, and exits.
public final class DeliveryWorker: Service, Sendable {
    private let store: any DeliveryStore
    private let processor: DeliveryProcessor
    private let doorbell: Doorbell
    private let concurrency: Int
    private let pollInterval: Duration
    private let leaseSeconds: Double
    private let batchSize: Int
    private let owner: String
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// Creates a worker with `concurrency` claim loops.
    public init(
        store: any DeliveryStore, processor: DeliveryProcessor, doorbell: Doorbell, concurrency: Int = 8,
        pollInterval: Duration = .milliseconds(500), leaseSeconds: Double = 120, batchSize: Int = 8, logger: Logger
    ) {
        self.batchSize = max(1, batchSize)
        self.store = store
        self.processor = processor
        self.doorbell = doorbell
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.leaseSeconds = leaseSeconds
        self.owner = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(Identifiers.randomAlphanumeric(6))"
        self.logger = logger
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency { group.addTask { await self.loop() } }
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.doorbell.ring()
        }
        logger.info("Delivery worker stopped", metadata: ["worker.owner": "\(owner)"])
    }

    /// Stops claiming new work (tests; SIGTERM does the same through the service group).
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        doorbell.ring()
    }

    private func loop() async {
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            let claimed: [Delivery]
            do {
                let now = Date()
                claimed = try await store.claim(
                    owner: owner, limit: batchSize, now: now, leaseUntil: now.addingTimeInterval(leaseSeconds))
            } catch {
                logger.error("Claiming deliveries failed", metadata: ["error.type": "\(type(of: error))"])
                try? await Task.sleep(for: pollInterval)
                continue
            }
            if claimed.isEmpty {
                await doorbell.wait(timeout: pollInterval)
                continue
            }
            // The batch is sent concurrently and saved in one transaction (fewer write transactions per delivery).
            let processor = self.processor
            let logger = self.logger
            let results = await withTaskGroup(of: Delivery.self) { group in
                for delivery in claimed { group.addTask { await processor.process(delivery, logger: logger) } }
                return await group.reduce(into: [Delivery]()) { $0.append($1) }
            }
            do {
                let saved = try await store.saveAll(results, owner: owner)
                for (delivery, ok) in zip(results, saved) where !ok {
                    logger.warning("Lease lost before saving", metadata: ["delivery.id": "\(delivery.id)"])
                }
            } catch {
                logger.error("Saving deliveries failed", metadata: ["error.type": "\(type(of: error))"])
            }
        }
    }
}
