import Foundation
import Synchronization

/// Deliveries this instance leased to itself, waiting for its workers. A delivery enqueued here is written already
/// leased to this instance and handed over in memory, so no claim transaction is needed for it; deliveries the
/// poller claims from the database (retries, other instances' expired leases) join the same queue.
///
/// The queue is bounded: when it is full, `reserve` says no and the delivery is written unleased for whichever
/// worker claims it first. It is open only while a worker runs, so without a worker nothing is leased to nobody.
public final class DeliveryHandoff: Sendable {
    /// The lease owner name of this instance's workers.
    public let owner: String
    /// How long a lease lasts.
    public let leaseSeconds: Double
    private let capacity: Int
    private let state = Mutex<State>(State())
    private let overflowed: @Sendable () -> Void
    /// A queued delivery whose lease has less than this left is not started (another worker may claim it soon).
    private var margin: Double { leaseSeconds / 2 }

    private struct State {
        var open = false
        var queue: [(delivery: Delivery, leaseUntil: Date)] = []
        var head = 0
        var reserved = 0
        var held = 0
        /// Counts deliveries written unleased because the queue was full; the poller owes them a claim.
        var overflows = 0
        var claimedOverflows = 0
        var waiters: [(max: Int, continuation: CheckedContinuation<[Delivery], Never>)] = []

        var queued: Int { queue.count - head }

        /// Takes up to `max` deliveries whose lease has at least `margin` seconds left; the others are dropped from
        /// memory (still leased in the database, the poller claims them again when the lease ends).
        mutating func take(_ max: Int, margin: Double) -> [Delivery] {
            let deadline = Date().addingTimeInterval(margin)
            var taken: [Delivery] = []
            while taken.count < max, head < queue.count {
                let item = queue[head]
                head += 1
                if item.leaseUntil >= deadline { taken.append(item.delivery) }
            }
            let count = taken.count
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 256 {
                queue.removeFirst(head)
                head = 0
            }
            held += count
            return taken
        }

        /// Batches for waiting workers while deliveries can be handed out (to resume outside the lock).
        mutating func wakeWaiters(margin: Double) -> [(CheckedContinuation<[Delivery], Never>, [Delivery])] {
            var wake: [(CheckedContinuation<[Delivery], Never>, [Delivery])] = []
            while queued > 0, !waiters.isEmpty {
                let batch = take(waiters[0].max, margin: margin)
                if batch.isEmpty { break }
                wake.append((waiters.removeFirst().continuation, batch))
            }
            return wake
        }
    }

    /// Creates a closed hand-off; `overflowed` is called when room frees up after a delivery had to be written
    /// unleased (so the poller claims it without waiting for its timer).
    public init(owner: String, leaseSeconds: Double, capacity: Int = 512, overflowed: @escaping @Sendable () -> Void = {}) {
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.capacity = max(1, capacity)
        self.overflowed = overflowed
    }

    /// Starts accepting deliveries (a worker is running).
    public func open() {
        state.withLock { $0.open = true }
    }

    /// Stops accepting deliveries, wakes idle workers and returns what was queued but not taken (still leased to
    /// this instance: release it).
    public func close() -> [Delivery] {
        let (waiters, leftovers) = state.withLock { state in
            state.open = false
            let waiters = state.waiters
            state.waiters = []
            let leftovers = state.queue[state.head...].map(\.delivery)
            state.queue = []
            state.head = 0
            return (waiters, leftovers)
        }
        for waiter in waiters { waiter.continuation.resume(returning: []) }
        return leftovers
    }

    /// A lease for a delivery about to be enqueued here, or nil when no worker runs or the queue is full.
    public func reserve(now: Date) -> DeliveryLease? {
        let granted = state.withLock { state in
            guard state.open else { return false }
            guard state.queued + state.reserved + state.held < capacity else {
                state.overflows += 1
                return false
            }
            state.reserved += 1
            return true
        }
        return granted ? DeliveryLease(owner: owner, until: now.addingTimeInterval(leaseSeconds)) : nil
    }

    /// Gives back a reservation that was not used (the enqueue failed or was an idempotent replay).
    public func cancelReservation() {
        state.withLock { $0.reserved = max(0, $0.reserved - 1) }
    }

    /// Hands over a delivery enqueued under a reservation's lease; false when the hand-off closed meanwhile (the
    /// caller releases the lease).
    @discardableResult
    public func push(_ delivery: Delivery, lease: DeliveryLease) -> Bool {
        let wake: [(CheckedContinuation<[Delivery], Never>, [Delivery])]? = state.withLock { state in
            state.reserved = max(0, state.reserved - 1)
            guard state.open else { return nil }
            state.queue.append((delivery, lease.until))
            return state.wakeWaiters(margin: margin)
        }
        for (continuation, batch) in wake ?? [] { continuation.resume(returning: batch) }
        return wake != nil
    }

    /// Adds deliveries the poller claimed with leases until `leaseUntil`; returns those that could not be queued
    /// (closed meanwhile).
    public func adopt(_ deliveries: [Delivery], leaseUntil: Date) -> [Delivery] {
        let wake: [(CheckedContinuation<[Delivery], Never>, [Delivery])]? = state.withLock { state in
            guard state.open else { return nil }
            state.queue.append(contentsOf: deliveries.map { ($0, leaseUntil) })
            return state.wakeWaiters(margin: margin)
        }
        for (continuation, batch) in wake ?? [] { continuation.resume(returning: batch) }
        return wake == nil ? deliveries : []
    }

    /// How many more deliveries the poller may claim now.
    public var room: Int {
        state.withLock { max(0, capacity - $0.queued - $0.reserved - $0.held) }
    }

    /// Up to `max` queued deliveries, waiting for at least one; empty once closed.
    public func next(max: Int) async -> [Delivery] {
        await withCheckedContinuation { continuation in
            let ready: [Delivery]? = state.withLock { state in
                guard state.open else { return [] }
                if state.queued > 0 {
                    let batch = state.take(max, margin: margin)
                    if !batch.isEmpty { return batch }
                }
                state.waiters.append((max, continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Marks `count` taken deliveries as saved (their room is free again); wakes the poller while deliveries
    /// written unleased may still wait in the database.
    public func finished(_ count: Int) {
        let backlog = state.withLock { state in
            state.held = max(0, state.held - count)
            return state.overflows != state.claimedOverflows
        }
        if backlog { overflowed() }
    }

    /// A mark to take before a claim; pass it to `claimedAll(since:)` when the claim found less than it asked for.
    public var overflowMark: Int { state.withLock { $0.overflows } }

    /// The database had no more due deliveries when the claim that followed `mark` ran.
    public func claimedAll(since mark: Int) {
        state.withLock { $0.claimedOverflows = max($0.claimedOverflows, mark) }
    }
}
