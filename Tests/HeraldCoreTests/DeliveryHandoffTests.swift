import Foundation
import HeraldCore
import Synchronization
import Testing

/// The in-memory hand-off between enqueue and this instance's workers.
@Suite struct DeliveryHandoffTests {
    static func delivery(_ id: String) -> Delivery {
        Delivery(id: id, environmentId: "env", organizationId: "org",
                 request: DeliveryRequest(channel: .chat, to: .init(webhookUrl: "http://h/x"), content: .init(content: "c")),
                 nextAttemptAt: Date(), createdAt: Date(), updatedAt: Date())
    }

    @Test func closedHandoffLeasesNothing() {
        let handoff = DeliveryHandoff(owner: "me", leaseSeconds: 30)
        #expect(handoff.reserve(now: Date()) == nil)
        handoff.open()
        let now = Date()
        let lease = handoff.reserve(now: now)
        #expect(lease?.owner == "me")
        #expect(lease?.until == now.addingTimeInterval(30))
    }

    @Test func pushedDeliveriesReachAWaitingWorkerInOrder() async {
        let handoff = DeliveryHandoff(owner: "me", leaseSeconds: 30)
        handoff.open()
        let waiting = Task { await handoff.next(max: 8) }
        try? await Task.sleep(for: .milliseconds(20))
        handoff.push(Self.delivery("a"), lease: handoff.reserve(now: Date())!)
        #expect(await waiting.value.map(\.id) == ["a"])
        for id in ["b", "c", "d"] {
            handoff.push(Self.delivery(id), lease: handoff.reserve(now: Date())!)
        }
        #expect(await handoff.next(max: 2).map(\.id) == ["b", "c"])
        #expect(await handoff.next(max: 2).map(\.id) == ["d"])
    }

    @Test func aFullQueueRefusesLeasesAndWakesThePollerWhenRoomFreesUp() async {
        let rings = Atomic<Int>(0)
        let handoff = DeliveryHandoff(owner: "me", leaseSeconds: 30, capacity: 2) { rings.add(1, ordering: .relaxed) }
        handoff.open()
        #expect(handoff.reserve(now: Date()) != nil)
        #expect(handoff.reserve(now: Date()) != nil)
        #expect(handoff.reserve(now: Date()) == nil, "reserved slots count against the capacity")
        #expect(handoff.room == 0)
        let lease = DeliveryLease(owner: "me", until: Date().addingTimeInterval(30))
        handoff.push(Self.delivery("a"), lease: lease)
        handoff.push(Self.delivery("b"), lease: lease)
        let taken = await handoff.next(max: 8)
        #expect(taken.count == 2)
        #expect(handoff.room == 0, "taken deliveries hold their room until finished")
        let mark = handoff.overflowMark
        handoff.finished(2)
        #expect(handoff.room == 2)
        #expect(rings.load(ordering: .relaxed) == 1, "an overflowed delivery waits in the database: wake the poller")
        handoff.claimedAll(since: mark)
        handoff.push(Self.delivery("c"), lease: handoff.reserve(now: Date())!)
        _ = await handoff.next(max: 8)
        handoff.finished(1)
        #expect(rings.load(ordering: .relaxed) == 1, "no ring once the poller has claimed the backlog")
    }

    @Test func closingWakesWorkersAndReturnsWhatWasNotTaken() async {
        let handoff = DeliveryHandoff(owner: "me", leaseSeconds: 30)
        handoff.open()
        let idle = Task { await handoff.next(max: 8) }
        try? await Task.sleep(for: .milliseconds(20))
        handoff.push(Self.delivery("a"), lease: handoff.reserve(now: Date())!)
        #expect(await idle.value.map(\.id) == ["a"])
        for id in ["b", "c"] {
            handoff.push(Self.delivery(id), lease: handoff.reserve(now: Date())!)
        }
        let waiter = Task { () -> [Delivery] in
            _ = await handoff.next(max: 2)  // takes b and c
            return await handoff.next(max: 2)  // waits, then closed
        }
        try? await Task.sleep(for: .milliseconds(20))
        _ = handoff.reserve(now: Date())
        let leftovers = handoff.close()
        #expect(leftovers.isEmpty)
        #expect(await waiter.value.isEmpty, "a closed hand-off wakes idle workers with nothing")
        #expect(!handoff.push(Self.delivery("late"), lease: DeliveryLease(owner: "me", until: Date().addingTimeInterval(30))),
                "a closed hand-off refuses a delivery (the caller releases its lease)")
        #expect(handoff.adopt([Self.delivery("claimed")], leaseUntil: Date().addingTimeInterval(30)).map(\.id) == ["claimed"], "a closed hand-off takes nothing")
        #expect(handoff.reserve(now: Date()) == nil)

        let second = DeliveryHandoff(owner: "me", leaseSeconds: 30)
        second.open()
        #expect(second.adopt([Self.delivery("x"), Self.delivery("y")], leaseUntil: Date().addingTimeInterval(30)).isEmpty)
        #expect(second.close().map(\.id) == ["x", "y"], "queued deliveries come back to be released")
    }

    @Test func aDeliveryWhoseLeaseIsRunningOutIsLeftForTheNextClaim() async {
        let handoff = DeliveryHandoff(owner: "me", leaseSeconds: 30)
        handoff.open()
        let now = Date()
        #expect(handoff.adopt([Self.delivery("stale")], leaseUntil: now.addingTimeInterval(10)).isEmpty)
        #expect(handoff.adopt([Self.delivery("fresh")], leaseUntil: now.addingTimeInterval(30)).isEmpty)
        #expect(await handoff.next(max: 8).map(\.id) == ["fresh"], "less than half the lease left: not started here")
        handoff.finished(1)
        #expect(handoff.room == 512)
    }
}
