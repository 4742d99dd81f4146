import Foundation
import HeraldCore
import SQLKit

extension StoreContract {
    /// Every change through the service leaves one history entry per integration it touched, in the same
    /// transaction; the stored rows name credential keys but hold no credential value.
    public static func integrationHistory(_ herald: TestHerald) async throws {
        let service = herald.runtime.integrations
        let principal = try await herald.apiKeyPrincipal()
        let a = try await service.create(input(herald), principal: principal)
        let b = try await service.create(input(herald, active: false), principal: principal)
        _ = try await service.update(id: b.id, UpdateIntegrationInput(active: true), principal: principal)
        let rotated = Credentials(["apiKey": .string("secret-rotated-\(UUID().uuidString)"), "from": .string("a@b.c"),
                                   "senderName": .string("A")])
        _ = try await service.update(id: b.id, UpdateIntegrationInput(credentials: rotated), principal: principal)
        _ = try await service.setPrimary(id: b.id, principal: .admin(organizationId: herald.keys.organizationId))
        _ = try await service.delete(id: b.id, principal: principal)

        let history = try await service.history(id: b.id, principal: principal)
        try check(history.map(\.action) == [.deleted, .setPrimary, .updated, .activated, .created],
                  "actions: \(history.map(\.action.rawValue))")
        try check(history[1].actor == .admin && history[0].actor == .apiKey(environmentId: herald.environmentId),
                  "actors: \(history.map(\.actor))")
        try check(history[2].credentialKeys == .init(changed: ["apiKey"]), "rotation keys: \(history[2].credentialKeys)")
        try check(history.map(\.sequence) == history.map(\.sequence).sorted(by: >), "newest first")
        let aHistory = try await service.history(id: a.id, principal: principal)
        try check(aHistory.contains { $0.action == .reranked && $0.causedBy == b.id }, "a re-ranked by b: \(aHistory)")

        let secrets = [a, b].compactMap { $0.credentials[string: "apiKey"] } + [rotated[string: "apiKey"]!]
        let rows = try await herald.runtime.driver.read { db in
            try await db.raw("SELECT changes, credential_keys FROM integration_history").all().map {
                try $0.decode(column: "changes", as: String.self) + $0.decode(column: "credential_keys", as: String.self)
            }
        }
        try check(rows.count >= 6, "rows: \(rows.count)")
        for row in rows { for secret in secrets { try check(!row.contains(secret), "a credential value in history") } }
        // Another environment's key sees none of it.
        guard let other = try await herald.runtime.tenancy.environment(id: herald.otherEnvironmentId) else {
            throw ContractFailure("no second environment")
        }
        do {
            _ = try await service.history(id: b.id, principal: .apiKey(other))
            throw ContractFailure("another environment's key read the history")
        } catch let error as HeraldError where error.kind == .notFound {}
    }
}
