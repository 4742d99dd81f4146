import Foundation

/// Wraps a write transaction so that every insert and update of an integration also records a history entry in the
/// same transaction: the change the caller asked for under its own action, every other integration it moved as
/// ``IntegrationHistoryEntry/Action/reranked``.
struct HistoryRecordingTransaction: IntegrationTransaction {
    /// The kind of request being served.
    enum Request: Sendable {
        case create, update, setPrimary, delete
    }

    let base: any IntegrationTransaction
    let actor: IntegrationHistoryEntry.Actor
    let request: Request
    /// The integration the request is about.
    let targetId: String
    let timestamp: Date

    func integrations(environmentId: String, channel: Channel) async throws -> [Integration] {
        try await base.integrations(environmentId: environmentId, channel: channel)
    }

    func find(id: String, organizationId: String) async throws -> Integration? {
        try await base.find(id: id, organizationId: organizationId)
    }

    func integrations(environmentId: String, providerId: String) async throws -> [Integration] {
        try await base.integrations(environmentId: environmentId, providerId: providerId)
    }

    func identifierTaken(_ identifier: String, environmentId: String, excluding: String?) async throws -> Bool {
        try await base.identifierTaken(identifier, environmentId: environmentId, excluding: excluding)
    }

    func insert(_ integration: Integration) async throws {
        try await base.insert(integration)
        try await base.record(entry(
            for: integration, action: .created, changes: IntegrationDiff.fields(from: nil, to: integration),
            credentialKeys: IntegrationDiff.credentialKeys(from: nil, to: integration.credentials)))
    }

    func update(_ integration: Integration) async throws {
        let before = try await base.find(id: integration.id, organizationId: integration.organizationId)
        try await base.update(integration)
        let changes = IntegrationDiff.fields(from: before, to: integration)
        let keys = IntegrationDiff.credentialKeys(from: before?.credentials, to: integration.credentials)
        let action = action(for: integration, before: before)
        // An update that changes nothing (the same values sent again) leaves no entry.
        if changes.isEmpty && keys.isEmpty && action != .deleted && action != .setPrimary { return }
        try await base.record(entry(for: integration, action: action, changes: changes, credentialKeys: keys))
    }

    func record(_ entry: IntegrationHistoryEntry) async throws { try await base.record(entry) }

    private func action(for integration: Integration, before: Integration?) -> IntegrationHistoryEntry.Action {
        guard integration.id == targetId else { return .reranked }
        switch request {
        case .create: return .reranked
        case .setPrimary: return .setPrimary
        case .delete: return integration.deleted ? .deleted : .reranked
        case .update:
            guard let before, before.active != integration.active else { return .updated }
            return integration.active ? .activated : .deactivated
        }
    }

    private func entry(
        for integration: Integration, action: IntegrationHistoryEntry.Action,
        changes: [IntegrationHistoryEntry.FieldChange], credentialKeys: IntegrationHistoryEntry.CredentialKeyChanges
    ) -> IntegrationHistoryEntry {
        IntegrationHistoryEntry(
            integrationId: integration.id, environmentId: integration.environmentId,
            organizationId: integration.organizationId, actor: actor, action: action, changes: changes,
            credentialKeys: credentialKeys, causedBy: action == .reranked ? targetId : nil, createdAt: timestamp)
    }
}
