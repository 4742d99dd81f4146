import Foundation

/// The integration use cases: create, update, set primary, delete, list, with Novu's rules and Herald's fixes.
public struct IntegrationService: Sendable {
    private let store: any IntegrationStore
    private let now: @Sendable () -> Date
    private let checker: @Sendable (Integration) async throws -> Void

    /// Creates the service over a store; `checker` runs a provider's check (`check: true`); `now` is injectable.
    public init(
        store: any IntegrationStore, checker: @escaping @Sendable (Integration) async throws -> Void = { _ in },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.checker = checker
        // Stored times have millisecond precision; answer with exactly what a later read returns.
        self.now = { Date(timeIntervalSince1970: (now().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    /// Lists non-deleted integrations, optionally only the active ones; secrets are decrypted only when asked for.
    public func list(scope: IntegrationScope, activeOnly: Bool, withSecrets: Bool = true) async throws -> [Integration] {
        try await store.list(scope: scope, activeOnly: activeOnly, withSecrets: withSecrets)
    }

    /// Finds one integration visible to the caller, or throws 404.
    public func get(id: String, principal: Principal) async throws -> Integration {
        guard let found = try await store.find(id: id, organizationId: principal.organizationId),
            Self.visible(found, to: principal)
        else { throw HeraldError.notFound("Entity with id \(id) not found") }
        return found
    }

    /// Creates an integration (reference §2.4 and §4.1).
    public func create(_ input: CreateIntegrationInput, principal: Principal) async throws -> Integration {
        let provider = try Self.provider(input.providerId, channel: input.channel)
        if ProviderCatalogue.demoProviderIds.contains(provider.id) {
            throw HeraldError.badRequest("Creating Novu integration for \(provider.id) provider is not allowed")
        }
        try Self.checkHeaders(input.credentials, providerId: provider.id)
        if input.active { try Self.requireCredentials(input.credentials, of: provider) }
        let name = input.name ?? provider.displayName
        let timestamp = now()
        let integration = Integration(
            id: Identifiers.objectId(now: timestamp), environmentId: input.environmentId,
            organizationId: principal.organizationId, name: name,
            identifier: input.identifier ?? Identifiers.defaultIdentifier(name: name),
            providerId: provider.id, channel: input.channel, credentials: input.credentials,
            configurations: input.configurations, active: input.active, conditions: input.conditions,
            createdAt: timestamp, updatedAt: timestamp
        )
        if input.check { try await runCheck(integration) }
        return try await store.write(environmentIds: [input.environmentId]) { tx in
            let tx = Self.recording(tx, principal, .create, integration.id, timestamp)
            if provider.id == ProviderCatalogue.inAppProviderId,
                try await !tx.integrations(environmentId: integration.environmentId, providerId: provider.id).isEmpty
            {
                throw HeraldError.badRequest("One environment can only have one In app provider")
            }
            if try await tx.identifierTaken(integration.identifier, environmentId: integration.environmentId, excluding: nil) {
                throw HeraldError.conflict("Integration with identifier already exists")
            }
            guard integration.channel.hasPrimary, integration.active else {
                try await tx.insert(integration)
                return integration
            }
            let before = try await tx.integrations(environmentId: integration.environmentId, channel: integration.channel)
            var list = before + [integration]
            PriorityPolicy.placeCreated(integration.id, in: &list)
            let placed = list.last!
            try await Self.writeChanges(from: before, to: list.dropLast(), in: tx, at: timestamp)
            try await tx.insert(placed)
            return placed
        }
    }

    /// Updates an integration (reference §2.5 and §4.2/§4.4); `credentials` replaces the whole object.
    public func update(id: String, _ input: UpdateIntegrationInput, principal: Principal) async throws -> Integration {
        if input.isEmpty { throw HeraldError.badRequest("No properties found for update") }
        let current = try await get(id: id, principal: principal)
        if let credentials = input.credentials { try Self.checkHeaders(credentials, providerId: current.providerId) }
        let targetEnvironment = input.environmentId ?? current.environmentId
        let environments = Array(Set([current.environmentId, targetEnvironment])).sorted()
        let timestamp = now()
        if input.check {
            var preview = current
            if let credentials = input.credentials { preview.credentials = credentials }
            if let configurations = input.configurations { preview.configurations = configurations }
            try await runCheck(preview, alsoRedacting: current.credentials)
        }
        return try await store.write(environmentIds: environments) { tx in
            let tx = Self.recording(tx, principal, .update, id, timestamp)
            guard let existing = try await tx.find(id: id, organizationId: principal.organizationId),
                Self.visible(existing, to: principal)
            else { throw HeraldError.notFound("Entity with id \(id) not found") }
            var updated = existing
            if let name = input.name { updated.name = name }
            if let identifier = input.identifier { updated.identifier = identifier }
            if let credentials = input.credentials { updated.credentials = credentials }
            if let configurations = input.configurations { updated.configurations = configurations }
            if let conditions = input.conditions { updated.conditions = conditions }
            if let active = input.active { updated.active = active }
            updated.environmentId = targetEnvironment
            updated.updatedAt = timestamp
            if updated.active, let provider = ProviderCatalogue.provider(id: updated.providerId) {
                try Self.requireCredentials(updated.credentials, of: provider)
            }
            if updated.identifier != existing.identifier || updated.environmentId != existing.environmentId,
                try await tx.identifierTaken(updated.identifier, environmentId: updated.environmentId, excluding: id)
            {
                throw HeraldError.conflict("Integration with identifier already exists")
            }
            guard updated.channel.hasPrimary else {
                updated.primary = false
                updated.priority = 0
                try await tx.update(updated)
                return updated
            }
            return try await Self.rank(updated, previous: existing, in: tx, at: timestamp)
        }
    }

    /// Makes an email/sms integration the primary (reference §2.6 and §4.3).
    public func setPrimary(id: String, principal: Principal) async throws -> Integration {
        let current = try await get(id: id, principal: principal)
        guard current.channel.hasPrimary else {
            throw HeraldError.badRequest("Channel \(current.channel.rawValue) does not support primary")
        }
        if current.primary && current.active { return current }
        if let provider = ProviderCatalogue.provider(id: current.providerId) {
            try Self.requireCredentials(current.credentials, of: provider)
        }
        let timestamp = now()
        return try await store.write(environmentIds: [current.environmentId]) { tx in
            let tx = Self.recording(tx, principal, .setPrimary, id, timestamp)
            let before = try await tx.integrations(environmentId: current.environmentId, channel: current.channel)
            guard before.contains(where: { $0.id == id }) else {
                throw HeraldError.notFound("Integration with id \(id) not found")
            }
            var list = before
            PriorityPolicy.setPrimary(id, in: &list)
            try await Self.writeChanges(from: before, to: list, in: tx, at: timestamp)
            return list.first { $0.id == id }!.with(updatedAt: timestamp)
        }
    }

    /// Soft-deletes an integration and returns the remaining integrations of its environment (reference §2.7).
    public func delete(id: String, principal: Principal) async throws -> [Integration] {
        let current = try await get(id: id, principal: principal)
        let timestamp = now()
        try await store.write(environmentIds: [current.environmentId]) { tx in
            let tx = Self.recording(tx, principal, .delete, id, timestamp)
            guard var target = try await tx.find(id: id, organizationId: principal.organizationId) else {
                throw HeraldError.notFound("Entity with id \(id) not found")
            }
            var before: [Integration] = []
            var list: [Integration] = []
            if target.channel.hasPrimary {
                before = try await tx.integrations(environmentId: target.environmentId, channel: target.channel)
                list = before
                PriorityPolicy.withdraw(id, in: &list)
            }
            target.deleted = true
            target.deletedAt = timestamp
            target.deletedBy = principal.actorId
            target.primary = false
            target.priority = 0
            target.updatedAt = timestamp
            // The target gives up the primary flag before a successor takes it.
            try await tx.update(target)
            try await Self.writeChanges(
                from: before.filter { $0.id != id }, to: list.filter { $0.id != id }, in: tx, at: timestamp)
        }
        return try await store.list(
            scope: .environment(current.environmentId), activeOnly: false, withSecrets: principal.mayReadCredentials)
    }

    /// The recorded changes of an integration visible to the caller (deleted ones too), newest first; 404 when there
    /// are none. An API key sees the entries recorded in its own environment only.
    public func history(id: String, principal: Principal, limit: Int = 200) async throws -> [IntegrationHistoryEntry] {
        var entries = try await store.history(
            integrationId: id, organizationId: principal.organizationId, limit: limit)
        if case .apiKey(let environment) = principal { entries.removeAll { $0.environmentId != environment.id } }
        if entries.isEmpty { throw HeraldError.notFound("Entity with id \(id) not found") }
        return entries
    }

    // MARK: - Helpers

    /// The transaction that records every change it writes as history of `principal`'s request.
    private static func recording(
        _ tx: any IntegrationTransaction, _ principal: Principal, _ request: HistoryRecordingTransaction.Request,
        _ targetId: String, _ timestamp: Date
    ) -> any IntegrationTransaction {
        HistoryRecordingTransaction(
            base: tx, actor: .init(principal), request: request, targetId: targetId, timestamp: timestamp)
    }

    /// Runs the provider's check; a failure is a 400 with the provider's reason (redacted of every credential, the
    /// stored ones too), and nothing is saved.
    private func runCheck(_ integration: Integration, alsoRedacting stored: Credentials = Credentials()) async throws {
        do {
            try await checker(integration)
        } catch let failure as ProviderFailure {
            let redactor = Redactor(integration.credentials, stored)
            throw HeraldError.badRequest("The \(integration.providerId) check failed: \(redactor.record(failure.message))")
        } catch let error as HeraldError {
            throw error
        } catch {
            throw HeraldError.badRequest("The \(integration.providerId) check failed: \(type(of: error))")
        }
    }

    /// The catalogue entry for a provider on a channel, or a 400 saying what is wrong.
    public static func provider(_ providerId: String, channel: Channel) throws -> ProviderDescriptor {
        guard let provider = ProviderCatalogue.provider(id: providerId) else {
            throw HeraldError.badRequest("Provider \(providerId) is not supported; GET /v1/providers lists the providers")
        }
        guard provider.channel == channel else {
            throw HeraldError.badRequest(
                "Provider \(providerId) is a \(provider.channel.rawValue) provider and cannot be used on the \(channel.rawValue) channel"
            )
        }
        return provider
    }

    /// Throws a 422 naming every credential used as an HTTP header name or value that is not a valid one.
    static func checkHeaders(_ credentials: Credentials, providerId: String) throws {
        let problems = HeaderCredentials.problems(in: credentials, providerId: providerId)
        if !problems.isEmpty { throw HeraldError.validation(problems) }
    }

    /// Throws a 400 naming every required credential that is missing.
    public static func requireCredentials(_ credentials: Credentials, of provider: ProviderDescriptor) throws {
        let missing = provider.requiredKeys.filter { !credentials.hasValue($0) }
        if !missing.isEmpty {
            throw HeraldError.badRequest(
                "An active \(provider.displayName) integration needs these credentials: \(missing.joined(separator: ", "))"
            )
        }
    }

    static func visible(_ integration: Integration, to principal: Principal) -> Bool {
        switch principal {
        case .apiKey(let environment): integration.environmentId == environment.id
        case .admin(let organizationId): integration.organizationId == organizationId
        }
    }

    /// Re-ranks the channel(s) after an update of an email/sms integration.
    private static func rank(
        _ updated: Integration, previous existing: Integration, in tx: any IntegrationTransaction, at timestamp: Date
    ) async throws -> Integration {
        let id = updated.id
        var updated = updated
        if updated.environmentId != existing.environmentId {
            let oldBefore = try await tx.integrations(environmentId: existing.environmentId, channel: existing.channel)
            var oldList = oldBefore
            PriorityPolicy.withdraw(id, in: &oldList)
            try await writeChanges(
                from: oldBefore.filter { $0.id != id }, to: oldList.filter { $0.id != id }, in: tx, at: timestamp)
            updated.primary = false
            updated.priority = 0
        }
        let before = try await tx.integrations(environmentId: updated.environmentId, channel: updated.channel)
            .filter { $0.id != id }
        var list = before + [updated]
        let moved = updated.environmentId != existing.environmentId
        let wasActive = moved ? false : existing.active
        if updated.active && !wasActive {
            PriorityPolicy.placeActivated(id, in: &list)
        } else if !updated.active && wasActive {
            PriorityPolicy.withdraw(id, in: &list)
        } else if updated.active && updated.hasConditions && updated.primary {
            PriorityPolicy.conditionsAdded(id, in: &list)
        }
        if !updated.active, let index = list.firstIndex(where: { $0.id == id }) {
            list[index].primary = false
            list[index].priority = 0
        }
        let result = list.first { $0.id == id }!
        try await tx.update(result)
        try await writeChanges(from: before, to: list.filter { $0.id != id }, in: tx, at: timestamp)
        return result
    }

    /// Writes the integrations whose primary, priority, active or conditions changed.
    private static func writeChanges(
        from before: [Integration], to after: some Sequence<Integration>, in tx: any IntegrationTransaction,
        at timestamp: Date
    ) async throws {
        let old = Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0) })
        // Clear flags before setting them, so a unique "one primary" index never sees two at once.
        let changed = after.filter { $0 != old[$0.id] }.sorted { !$0.primary && $1.primary }
        for integration in changed { try await tx.update(integration.with(updatedAt: timestamp)) }
    }
}

extension Integration {
    func with(updatedAt date: Date) -> Integration {
        var copy = self
        copy.updatedAt = date
        return copy
    }
}
