import Foundation
import HeraldApp
import HeraldCore

extension StoreContract {
    /// Removing the device tokens a provider reported invalid: exactly those tokens, only from the entry of the
    /// integration that reported them, atomically (concurrent merges into the same entry lose nothing), and nothing
    /// for an unknown subscriber, another environment or tokens already gone.
    public static func subscriberDeviceTokenRemoval(_ herald: TestHerald) async throws {
        let principal = try await herald.apiKeyPrincipal()
        guard case .apiKey(let environment) = principal else { throw ContractFailure("an API key principal") }
        func expo(_ identifier: String) async throws -> Integration {
            try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "expo", channel: .push, identifier: identifier,
                credentials: Credentials(["apiKey": .string("expo-\(identifier)")]), active: true), principal: principal)
        }
        let first = try await expo("expo-a")
        let second = try await expo("expo-b")
        let service = herald.runtime.subscribers
        let created = try await service.createOrUpdate(CreateSubscriberInput(subscriberId: "tokens-1", channels: [
            SubscriberCredentialsInput(providerId: "expo", integrationIdentifier: "expo-a",
                                       credentials: .init(deviceTokens: ["a1", "a2", "a3", "shared"])),
            SubscriberCredentialsInput(providerId: "expo", integrationIdentifier: "expo-b",
                                       credentials: .init(deviceTokens: ["b1", "shared"])),
        ]), environment: environment)
        let store = herald.runtime.subscriberStore
        func remove(_ tokens: Set<String>, from integration: Integration, subscriberId: String = "tokens-1",
                    environmentId: String? = nil) async throws -> [String] {
            try await store.removeDeviceTokens(
                environmentId: environmentId ?? herald.environmentId, subscriberId: subscriberId,
                providerId: integration.providerId, integrationId: integration.id,
                integrationIdentifier: integration.identifier, tokens: tokens)
        }
        func tokens(_ integration: Integration) async throws -> [String]? {
            try await store.find(environmentId: herald.environmentId, subscriberId: "tokens-1")?
                .channel(for: integration)?.credentials.deviceTokens
        }

        let removed = try await remove(["shared", "a2", "never-stored"], from: first)
        try check(removed == ["a2", "shared"], "the stored tokens named are removed, in stored order: \(removed)")
        let left = try await tokens(first)
        try check(left == ["a1", "a3"], "the others stay: \(String(describing: left))")
        try check(try await tokens(second) == ["b1", "shared"], "another integration's entry is untouched")

        // A removal and merges into the same entry at once: the row is held, so nothing is lost.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await remove(["a1"], from: first) }
            for index in 0..<6 {
                group.addTask {
                    _ = try await service.setCredentials(
                        subscriberId: "tokens-1",
                        SubscriberCredentialsInput(providerId: "expo", integrationIdentifier: "expo-a",
                                                   credentials: .init(deviceTokens: ["n\(index)"])),
                        merge: true, environmentId: herald.environmentId)
                }
            }
            try await group.waitForAll()
        }
        let merged = try await tokens(first) ?? []
        try check(Set(merged) == Set(["a3"] + (0..<6).map { "n\($0)" }) && merged.count == 7,
                  "concurrent merges and a removal: \(merged)")

        let before = try await store.find(environmentId: herald.environmentId, subscriberId: "tokens-1")
        try check(try await remove(["a1", "a2"], from: first).isEmpty, "tokens already gone are not removed again")
        let after = try await store.find(environmentId: herald.environmentId, subscriberId: "tokens-1")
        try check(before == after, "removing nothing changes nothing")
        try check(try await remove(["b1"], from: second, subscriberId: "nobody").isEmpty, "an unknown subscriber: none")
        try check(try await remove(["b1"], from: second, environmentId: herald.otherEnvironmentId).isEmpty,
                  "another environment's subscriber of that id: none")
        try check(try await tokens(second) == ["b1", "shared"], "untouched by the misses")
        try check(after.map { $0.id == created.id && $0.channels.count == 2 } == true, "the same subscriber, both entries kept")
        _ = try await store.delete(environmentId: herald.environmentId, subscriberId: "tokens-1")
    }
}
