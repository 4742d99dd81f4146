import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Synchronization
import Testing

/// The worker's guard rails: a result is saved as soon as its round ends, a failed save is retried, and a stop has
/// a ceiling.
@Suite(.timeLimit(.minutes(2))) struct WorkerGuardRailTests {
    /// Forwards to a real store; the first `failures` saves throw.
    final class FlakySaves: DeliveryStore {
        let base: any DeliveryStore
        let failures = Locked(1)
        let calls = Locked(0)
        init(_ base: any DeliveryStore) { self.base = base }
        func enqueue(_ delivery: Delivery, lease: DeliveryLease?) async throws -> (delivery: Delivery, created: Bool) {
            try await base.enqueue(delivery, lease: lease)
        }
        func find(id: String, environmentId: String) async throws -> Delivery? { try await base.find(id: id, environmentId: environmentId) }
        func list(environmentId: String, status: DeliveryStatus?, channel: Channel?, limit: Int, offset: Int) async throws -> [Delivery] {
            try await base.list(environmentId: environmentId, status: status, channel: channel, limit: limit, offset: offset)
        }
        func claim(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [Delivery] {
            try await base.claim(owner: owner, limit: limit, now: now, leaseUntil: leaseUntil)
        }
        func save(_ delivery: Delivery, owner: String, followUp: FollowUpMark?) async throws -> Bool {
            calls.withLock { $0 += 1 }
            if failures.withLock({ count in defer { count -= 1 }; return count > 0 }) { throw CancellationError() }
            return try await base.save(delivery, owner: owner, followUp: followUp)
        }
        func followUpsDue(now: Date, limit: Int) async throws -> [DueFollowUp] {
            try await base.followUpsDue(now: now, limit: limit)
        }
        func clearFollowUp(id: String, dueAt: Date) async throws { try await base.clearFollowUp(id: id, dueAt: dueAt) }
        func postponeFollowUp(id: String, dueAt: Date, until: Date) async throws {
            try await base.postponeFollowUp(id: id, dueAt: dueAt, until: until)
        }
        func saveAll(_ deliveries: [Delivery], owner: String) async throws -> [Bool] {
            var results: [Bool] = []
            for delivery in deliveries { results.append(try await save(delivery, owner: owner)) }
            return results
        }
        func release(ids: [String], owner: String) async throws { try await base.release(ids: ids, owner: owner) }
        func queueDepth() async throws -> Int { try await base.queueDepth() }
        func list(environmentId: String, integrationId: String, limit: Int) async throws -> [Delivery] {
            try await base.list(environmentId: environmentId, integrationId: integrationId, limit: limit)
        }
        func countsPerMinute(environmentId: String, since: Date) async throws -> [DeliveryMinuteCount] {
            try await base.countsPerMinute(environmentId: environmentId, since: since)
        }
        func requeue(id: String, environmentId: String, now: Date) async throws -> Delivery? {
            try await base.requeue(id: id, environmentId: environmentId, now: now)
        }
    }

    static func chat(_ herald: TestHerald) async throws {
        _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat,
            credentials: Credentials(["secretKey": .string("chat-secret")]), active: true),
            principal: try await herald.apiKeyPrincipal())
    }

    static func enqueue(_ herald: TestHerald, url: String) async throws -> String {
        let environment = try #require(try await herald.runtime.tenancy.environment(id: herald.environmentId))
        let request = DeliveryRequest(channel: .chat, to: .init(webhookUrl: url), content: .init(content: "hi"))
        return try await herald.runtime.deliveries.enqueue(request, environment: environment, idempotencyKey: nil, bodyHash: nil).0.id
    }

    static func status(_ herald: TestHerald, _ id: String) async throws -> DeliveryStatus? {
        try await herald.runtime.deliveryStore.find(id: id, environmentId: herald.environmentId)?.status
    }

    @Test func aSlowProviderDoesNotHoldTheSavingOfOthers() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("slow", .delay(.seconds(2), then: .respond(status: 200, json: "{}")))
            fake.on("fast", .respond(status: 200, json: "{}"))
            try await Self.chat(herald)
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let slow = try await Self.enqueue(herald, url: fake.url("slow"))
            let fast = try await Self.enqueue(herald, url: fake.url("fast"))
            let running = Task { try await worker.run() }
            _ = await fake.nextRequest(to: "slow")
            _ = await fake.nextRequest(to: "fast")
            while try await Self.status(herald, fast) != .sent { await Task.yield() }
            #expect(try await Self.status(herald, slow) != .sent, "the fast one was saved while the slow one was in flight")
            worker.stop()
            try await running.value
        }
        await fake.stop()
    }

    @Test func aFailedSaveIsRetriedAndTheMessageSentOnce() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("hook", .respond(status: 200, json: "{}"))
            try await Self.chat(herald)
            let runtime = herald.runtime
            let store = FlakySaves(runtime.deliveryStore)
            let worker = DeliveryWorker(
                store: store, processor: runtime.processor, doorbell: runtime.doorbell, handoff: runtime.handoff,
                concurrency: 2, logger: herald.logger)
            let id = try await Self.enqueue(herald, url: fake.url("hook"))
            let running = Task { try await worker.run() }
            while try await Self.status(herald, id) != .sent { await Task.yield() }
            worker.stop()
            try await running.value
            #expect(store.calls.withLock { $0 } == 2, "one failed save, one retry")
            #expect(fake.requests(to: "hook").count == 1, "sent once")
            #expect(herald.logs.text.contains("Saving a delivery failed; retrying"))
        }
        await fake.stop()
    }

    @Test func aStopHasACeiling() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("stuck", .delay(.seconds(60), then: .respond(status: 200, json: "{}")))
            try await Self.chat(herald)
            let runtime = herald.runtime
            let worker = DeliveryWorker(
                store: runtime.deliveryStore, processor: runtime.processor, doorbell: runtime.doorbell,
                handoff: runtime.handoff, concurrency: 1, shutdownCeiling: .milliseconds(200), logger: herald.logger)
            _ = try await Self.enqueue(herald, url: fake.url("stuck"))
            let running = Task { try await worker.run() }
            _ = await fake.nextRequest(to: "stuck")
            let stopped = ContinuousClock.now
            worker.stop()
            try await running.value
            #expect(ContinuousClock.now - stopped < .seconds(30), "the stop did not wait for the 60 s provider")
            #expect(herald.logs.text.contains("Shutdown ceiling reached"))
        }
        await fake.stop()
    }
}
