import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Processes deliveries leased to this instance: those enqueued here come straight from the `DeliveryHandoff`,
/// the others (retries that fell due, expired leases of crashed instances, overflow) are claimed from the database
/// by one poller. A `Service`, so SIGTERM stops claiming, lets in-flight deliveries finish, releases the leases of
/// those not started, and exits.
public final class DeliveryWorker: Service, Sendable {
    private let store: any DeliveryStore
    private let processor: DeliveryProcessor
    private let doorbell: Doorbell
    private let handoff: DeliveryHandoff
    private let concurrency: Int
    private let pollInterval: Duration
    private let batchSize: Int
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let leftovers = Mutex<[Delivery]>([])
    /// How long a stop waits for in-flight deliveries before leaving them to their leases.
    private let shutdownCeiling: Duration
    private let stopSignal = AsyncStream<Void>.makeStream()
    /// What follows a saved outcome (customer events, channel fallback), marked due in the save.
    private let followUp: DeliveryFollowUp
    /// How often the sweep looks for follow-ups left behind.
    private let sweepInterval: Duration

    /// Creates a worker with `concurrency` processing loops.
    public init(
        store: any DeliveryStore, processor: DeliveryProcessor, doorbell: Doorbell, handoff: DeliveryHandoff,
        concurrency: Int = 8, pollInterval: Duration = .milliseconds(500), batchSize: Int = 8,
        shutdownCeiling: Duration = .seconds(30), followUp: DeliveryFollowUp = .none,
        sweepInterval: Duration = .seconds(10),
        logger: Logger
    ) {
        self.followUp = followUp
        self.sweepInterval = sweepInterval
        self.shutdownCeiling = shutdownCeiling
        self.batchSize = max(1, batchSize)
        self.store = store
        self.processor = processor
        self.doorbell = doorbell
        self.handoff = handoff
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// The lease owner name of this worker.
    public var owner: String { handoff.owner }

    public func run() async throws {
        handoff.open()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Bool.self) { outer in
                outer.addTask {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { await self.poll() }
                        for _ in 0..<self.concurrency { group.addTask { await self.consume() } }
                    }
                    return true
                }
                outer.addTask {
                    // The ceiling: once stopping, in-flight work gets this long; then it is cancelled and what was
                    // not saved is left to its lease.
                    for await _ in self.stopSignal.stream { break }
                    try? await Task.sleep(for: self.shutdownCeiling)
                    return Task.isCancelled
                }
                if await outer.next() == false {
                    self.logger.warning("Shutdown ceiling reached: in-flight deliveries are left to their leases",
                                        metadata: ["ceiling": "\(self.shutdownCeiling)"])
                }
                outer.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        let unstarted = leftovers.withLock { $0 } + handoff.close()
        if !unstarted.isEmpty {
            do {
                try await store.release(ids: unstarted.map(\.id), owner: owner)
            } catch {
                logger.warning("Releasing unstarted deliveries failed; their leases expire instead",
                               metadata: ["error.type": "\(type(of: error))"])
            }
        }
        logger.info("Delivery worker stopped", metadata: ["worker.owner": "\(owner)"])
    }

    /// Stops claiming new work (tests; SIGTERM does the same through the service group).
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        stopSignal.continuation.yield()
        stopSignal.continuation.finish()
        let unstarted = handoff.close()
        leftovers.withLock { $0.append(contentsOf: unstarted) }
        doorbell.ring()
    }

    /// Claims due deliveries from the database while there is room, then waits for the doorbell or the timer.
    private func poll() async {
        var nextSweep = ContinuousClock.now
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            if followUp.isEnabled, ContinuousClock.now >= nextSweep {
                await sweepFollowUps()
                nextSweep = .now + sweepInterval
            }
            let room = min(handoff.room, batchSize * concurrency)
            if room > 0 {
                do {
                    let mark = handoff.overflowMark
                    let now = Date()
                    let leaseUntil = now.addingTimeInterval(handoff.leaseSeconds)
                    let claimed = try await store.claim(owner: owner, limit: room, now: now, leaseUntil: leaseUntil)
                    let rejected = handoff.adopt(claimed, leaseUntil: leaseUntil)
                    if !rejected.isEmpty { leftovers.withLock { $0.append(contentsOf: rejected) } }
                    if claimed.count == room { continue }
                    handoff.claimedAll(since: mark)
                } catch {
                    logger.error("Claiming deliveries failed", metadata: ["error.type": "\(type(of: error))"])
                }
            }
            await doorbell.wait(timeout: pollInterval)
        }
    }

    /// Finishes follow-ups that instances left behind (crashed, or failed to write them, after saving).
    private func sweepFollowUps() async {
        do {
            let done = try await followUp.sweep(store: store, now: Date(), limit: 100, logger: logger)
            if done > 0 { logger.info("Finished follow-ups left behind", metadata: ["deliveries": "\(done)"]) }
        } catch {
            logger.warning("Sweeping delivery follow-ups failed", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    /// Takes queued deliveries, sends each batch concurrently and saves each delivery as soon as its round ends
    /// (saves of all loops still commit together).
    private func consume() async {
        let processor = self.processor
        while true {
            let batch = await handoff.next(max: batchSize)
            if batch.isEmpty { return }
            // A save is retried while the lease holds (half of it, to leave time for the save itself).
            let saveDeadline = ContinuousClock.now + .milliseconds(Int64(handoff.leaseSeconds * 500))
            await processor.process(batch, logger: logger) { result in
                await self.save(result, until: saveDeadline)
            }
            handoff.finished(batch.count)
        }
    }

    /// Saves one result, retrying a failed save with backoff until `deadline`: giving up would let the lease expire
    /// and the message be sent again. Then its follow-up, which the save marked due when there is one.
    func save(_ result: Delivery, until deadline: ContinuousClock.Instant) async {
        var wait = Duration.milliseconds(50)
        // A sweep elsewhere may take the follow-up over after one lease (a save may be retried for half of it).
        let mark = await followUp.mark(for: result, dueAt: Date().addingTimeInterval(handoff.leaseSeconds))
        while true {
            do {
                if try await !store.save(result, owner: owner, followUp: mark) {
                    logger.warning("Lease lost before saving", metadata: ["delivery.id": "\(result.id)"])
                } else if let mark {
                    await runFollowUp(result, mark: mark)
                }
                return
            } catch {
                guard ContinuousClock.now + wait < deadline, !Task.isCancelled else {
                    logger.error("Saving a delivery failed; its lease will expire and it will be tried again",
                                 metadata: ["delivery.id": "\(result.id)", "error.type": "\(type(of: error))"])
                    return
                }
                logger.warning("Saving a delivery failed; retrying",
                               metadata: ["delivery.id": "\(result.id)", "error.type": "\(type(of: error))"])
                try? await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(2))
            }
        }
    }

    /// Records a saved outcome's follow-up and clears its mark; on failure the mark stays for the sweep.
    private func runFollowUp(_ result: Delivery, mark: FollowUpMark) async {
        do {
            try await followUp.run(result, mark: mark, logger: logger)
            try await store.clearFollowUp(id: result.id, dueAt: mark.dueAt)
        } catch {
            logger.warning("A delivery's follow-up failed; the sweep retries it", metadata: [
                "delivery.id": "\(result.id)", "error.type": "\(type(of: error))",
            ])
        }
    }
}
