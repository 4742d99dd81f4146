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
    private let owner: String
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// Creates a worker with `concurrency` claim loops.
    public init(
        store: any DeliveryStore, processor: DeliveryProcessor, doorbell: Doorbell, concurrency: Int = 8,
        pollInterval: Duration = .milliseconds(500), leaseSeconds: Double = 120, logger: Logger
    ) {
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
                claimed = try await store.claim(owner: owner, limit: 1, now: now, leaseUntil: now.addingTimeInterval(leaseSeconds))
            } catch {
                logger.error("Claiming deliveries failed", metadata: ["error.type": "\(type(of: error))"])
                try? await Task.sleep(for: pollInterval)
                continue
            }
            guard let delivery = claimed.first else {
                await doorbell.wait(timeout: pollInterval)
                continue
            }
            let result = await processor.process(delivery, logger: logger)
            do {
                if try await !store.save(result, owner: owner) {
                    logger.warning("Lease lost before saving", metadata: ["delivery.id": "\(delivery.id)"])
                }
            } catch {
                logger.error("Saving a delivery failed", metadata: [
                    "delivery.id": "\(delivery.id)", "error.type": "\(type(of: error))",
                ])
            }
        }
    }
}
