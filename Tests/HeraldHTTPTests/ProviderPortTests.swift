import Foundation
import HeraldCore
import HeraldTestSupport
import Logging
import Synchronization
import Testing

/// The adapter port: sessions per integration revision (single flight, replaced on change, shut down), the
/// per-attempt deadline, and per-recipient receipts.
@Suite(.timeLimit(.minutes(2))) struct ProviderPortTests {
    /// A scripted adapter: counts sessions made and shut down; sends as told.
    final class ScriptedAdapter: ProviderAdapter {
        enum Behavior: Sendable { case succeed, hang, deadTokens([String]) }
        let providerIds: [String]
        func credentialKeys(for providerId: String) -> Set<String> { [] }
        let behavior: Behavior
        let made = Locked(0)
        let shutdowns = Locked(0)

        init(_ providerIds: [String], _ behavior: Behavior = .succeed) {
            self.providerIds = providerIds
            self.behavior = behavior
        }

        func makeSession(for integration: Integration) async throws -> any ProviderSession {
            made.withLock { $0 += 1 }
            for _ in 0..<10 { await Task.yield() }  // widen the window for concurrent callers
            return Session(adapter: self)
        }

        struct Session: ProviderSession {
            let adapter: ScriptedAdapter
            func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt {
                switch adapter.behavior {
                case .succeed:
                    return ProviderReceipt(messageId: "m-\(context.deliveryId)")
                case .hang:
                    try await Task.sleep(for: .seconds(3_600))
                    return ProviderReceipt(messageId: nil)
                case .deadTokens(let dead):
                    guard case .push(let push) = message else { throw ProviderFailure.permanent("not push") }
                    return ProviderReceipt(messageId: "multicast-1", recipients: push.deviceTokens.map { token in
                        dead.contains(token)
                            ? .init(address: token, failure: ProviderFailure(.invalidDeviceToken, "Unregistered"))
                            : .init(address: token, messageId: "id-\(token)")
                    })
                }
            }
            func shutdown() async { adapter.shutdowns.withLock { $0 += 1 } }
        }
    }

    static func integration(_ id: String, key: String) -> Integration {
        Integration(
            id: id, environmentId: "env", organizationId: "org", name: "x", identifier: "x-\(id)", providerId: "sendgrid",
            channel: .email, credentials: Credentials(["apiKey": .string(key)]), createdAt: Date(), updatedAt: Date())
    }

    @Test func sessionsAreMadeOncePerRevisionAndShutDown() async throws {
        let adapter = ScriptedAdapter(["sendgrid"])
        let cache = SessionCache(adapters: [adapter])
        let first = Self.integration("i1", key: "k1")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<32 { group.addTask { _ = try await cache.session(for: first) } }
            try await group.waitForAll()
        }
        #expect(adapter.made.withLock { $0 } == 1, "32 concurrent sends made one session")
        var renamed = first
        renamed.name = "renamed"
        renamed.priority = 3
        _ = try await cache.session(for: renamed)
        #expect(adapter.made.withLock { $0 } == 1, "a change that is not credentials or configurations keeps the session")
        _ = try await cache.session(for: Self.integration("i1", key: "k2"))
        #expect(adapter.made.withLock { $0 } == 2, "new credentials: a new session")
        while adapter.shutdowns.withLock({ $0 }) < 1 { await Task.yield() }
        _ = try await cache.session(for: Self.integration("i2", key: "k1"))
        await cache.shutdownAll()
        #expect(adapter.shutdowns.withLock { $0 } == 3, "the replaced one and both live ones were shut down")
        await #expect(throws: ProviderFailure.self) {
            _ = try await cache.session(for: Integration(
                id: "i3", environmentId: "env", organizationId: "org", name: "x", identifier: "x", providerId: "mailjet",
                channel: .email, createdAt: Date(), updatedAt: Date()))
        }
    }

    @Test func aHangingProviderIsCutAtTheDeadlineAndTheNextIsTried() async throws {
        try await TestHerald.with { herald in
            let principal = try await herald.apiKeyPrincipal()
            let credentials = Credentials(["apiKey": .string("k"), "from": .string("a@example.com"), "senderName": .string("A"),
                                           "webhookUrl": .string("http://127.0.0.1:9/x"), "secretKey": .string("s")])
            let hanging = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "email-webhook", channel: .email, credentials: credentials,
                active: true), principal: principal)
            let next = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "sendgrid", channel: .email, credentials: credentials,
                active: true), principal: principal)
            let processor = DeliveryProcessor(
                integrations: herald.runtime.integrationStore,
                providers: [ScriptedAdapter(["email-webhook"], .hang), ScriptedAdapter(["sendgrid"])],
                breakers: CircuitBreakers(), attemptDeadline: .milliseconds(300))
            let result = await processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
            #expect(result.status == .sent)
            #expect(result.attempts.map(\.integrationId) == [hanging.id, next.id])
            #expect(result.attempts.first?.reason == "timeout")
        }
    }

    @Test func deadDeviceTokensAreListedOnASentAttempt() async throws {
        try await TestHerald.with { herald in
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "push-webhook", channel: .push,
                credentials: Credentials(["webhookUrl": .string("http://127.0.0.1:9/x"), "secretKey": .string("s")]), active: true),
                principal: try await herald.apiKeyPrincipal())
            let processor = DeliveryProcessor(
                integrations: herald.runtime.integrationStore,
                providers: [ScriptedAdapter(["push-webhook"], .deadTokens(["t2", "t4"]))], breakers: CircuitBreakers())
            let push = DeliveryRequest(
                channel: .push, to: .init(deviceTokens: ["t1", "t2", "t3", "t4", "t5"]), content: .init(title: "T", body: "B"))
            let result = await processor.process(DeliveryTests.delivery(herald, push), logger: herald.logger)
            #expect(result.status == .sent, "3 sent, 2 dead tokens: a sent delivery")
            let attempt = try #require(result.attempts.first)
            #expect(attempt.messageId == "multicast-1")
            #expect(attempt.failedRecipients?.map(\.address) == ["t2", "t4"])
            #expect(attempt.failedRecipients?.allSatisfy { $0.reason == "invalid_device_token" } == true)
        }
    }
}
