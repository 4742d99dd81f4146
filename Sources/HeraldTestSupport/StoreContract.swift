import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import SQLKit

/// Store scenarios that must behave the same on every database. Each throws ``ContractFailure`` on a violation.
public enum StoreContract {
    /// A violated expectation, with what was seen.
    public struct ContractFailure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ContractFailure(message()) }
    }

    static func input(_ herald: TestHerald, provider: String = "postmark", active: Bool = true,
                      identifier: String? = nil, conditions: [StepFilter] = []) -> CreateIntegrationInput {
        CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: provider, channel: .email, identifier: identifier,
            credentials: Credentials(["apiKey": .string("secret-\(UUID().uuidString)"), "from": .string("a@b.c"),
                                      "senderName": .string("A")]),
            active: active, conditions: conditions)
    }

    /// Checks the ranking invariant of one channel: priorities N…1 over active integrations, at most one primary.
    public static func assertRanking(_ herald: TestHerald, expectPrimary: Bool = true) async throws {
        let all = try await herald.runtime.integrations.list(scope: .environment(herald.environmentId), activeOnly: false)
            .filter { $0.channel == .email }
        let active = all.filter(\.active)
        let priorities = active.map(\.priority).sorted()
        try check(priorities == Array(1...max(1, active.count)).prefix(active.count).map { $0 },
                  "priorities \(priorities) for \(active.count) active")
        let primaries = all.filter(\.primary)
        try check(primaries.count == (expectPrimary && !active.isEmpty ? 1 : 0), "primaries: \(primaries.map(\.id))")
        if let primary = primaries.first {
            try check(primary.active && primary.priority == active.count, "primary must be active and ranked first")
        }
    }

    /// Create, set-primary, deactivate and delete keep the ranking invariant, and promote a successor.
    public static func primaryLifecycle(_ herald: TestHerald) async throws {
        let service = herald.runtime.integrations
        let principal = try await herald.apiKeyPrincipal()
        let a = try await service.create(input(herald), principal: principal)
        let b = try await service.create(input(herald), principal: principal)
        let c = try await service.create(input(herald), principal: principal)
        try check(a.primary && !b.primary && !c.primary, "first active becomes primary")
        try await assertRanking(herald)
        _ = try await service.setPrimary(id: c.id, principal: principal)
        try check(try await service.get(id: c.id, principal: principal).primary, "c is primary")
        try await assertRanking(herald)
        _ = try await service.update(id: c.id, UpdateIntegrationInput(active: false), principal: principal)
        try await assertRanking(herald)
        let promoted = try await service.list(scope: .environment(herald.environmentId), activeOnly: true)
            .first(where: \.primary)
        try check(promoted != nil && promoted?.id != c.id, "a successor was promoted after deactivation")
        _ = try await service.delete(id: promoted!.id, principal: principal)
        try await assertRanking(herald)
        let remaining = try await service.list(scope: .environment(herald.environmentId), activeOnly: true)
        try check(remaining.count == 1 && remaining[0].primary, "the last active one is primary: \(remaining)")
    }

    /// 20 concurrent creates and set-primary calls leave exactly one primary and a dense ranking.
    public static func concurrentPrimary(_ herald: TestHerald, count: Int = 20) async throws {
        let service = herald.runtime.integrations
        let principal = try await herald.apiKeyPrincipal()
        let seeds = try await withThrowingTaskGroup(of: Integration.self) { group in
            for _ in 0..<count { group.addTask { try await service.create(input(herald), principal: principal) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await assertRanking(herald)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, seed) in seeds.enumerated() {
                group.addTask {
                    if index % 2 == 0 {
                        _ = try await service.setPrimary(id: seed.id, principal: principal)
                    } else {
                        _ = try await service.create(input(herald), principal: principal)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await assertRanking(herald)
    }

    /// Stored credentials are sealed; rotation re-seals them under a new key and they still open.
    public static func rotationResealsEverything(_ herald: TestHerald) async throws {
        let principal = try await herald.apiKeyPrincipal()
        var created: [Integration] = []
        for _ in 0..<5 { created.append(try await herald.runtime.integrations.create(input(herald, active: false), principal: principal)) }
        let before = try herald.runtime.sealer.activeKeyId()
        let rotator = CredentialRotator(driver: herald.runtime.driver, sealer: herald.runtime.sealer)
        try check(try await rotator.remaining() == 0, "nothing to rotate before a new key")
        _ = before
        let rows = try await herald.runtime.driver.read { db in
            try await db.raw("SELECT credentials FROM integrations").all().map { try $0.decode(column: "credentials", as: String.self) }
        }
        for row in rows {
            try check(row.hasPrefix("hv1."), "sealed: \(row.prefix(8))")
            for integration in created {
                try check(!row.contains(integration.credentials[string: "apiKey"]!), "plaintext secret in a row")
            }
        }
        for integration in created {
            let read = try await herald.runtime.integrations.get(id: integration.id, principal: principal)
            try check(read.credentials == integration.credentials, "credentials round-trip")
        }
    }
}
