/// Orders a channel's integrations into a failover chain, explaining every decision (pure; table-tested).
///
/// 1. The `integrationIdentifier` override (active, this environment).
/// 2. Active integrations whose conditions match, by priority then newest.
/// 3. The primary (email/sms).
/// 4. The other active integrations without conditions, by priority then newest.
/// An integration whose conditions do not match is never used; inactive ones and open circuits are skipped.
public enum IntegrationSelector {
    /// Why an integration was taken or skipped.
    public struct Explanation: Sendable, Hashable {
        /// The integration.
        public let integration: Integration
        /// Its place in the chain (0-based), or nil when skipped.
        public let position: Int?
        /// A short reason: `override`, `conditions matched`, `primary`, `fallback`, `inactive`,
        /// `conditions not matched`, `circuit open`.
        public let reason: String
        /// Each condition group's result, when it has conditions.
        public let conditions: ConditionEvaluator.Outcome?
    }

    /// The chain and the explanations, in chain order followed by the skipped ones.
    public struct Decision: Sendable, Hashable {
        /// The failover chain.
        public let chain: [Integration]
        /// One explanation per integration of the channel.
        public let explanations: [Explanation]
    }

    /// Selects from the channel's non-deleted integrations.
    /// - Throws: a 422 when the override names no active integration of the channel.
    public static func select(
        from integrations: [Integration], channel: Channel, override identifier: String?,
        variables: ConditionVariables, openCircuits: Set<String> = []
    ) throws -> Decision {
        try select(from: integrations, channel: channel, override: identifier, openCircuits: openCircuits) {
            ConditionEvaluator.evaluate($0.conditions, variables: variables)
        }
    }

    /// Selects as ``select(from:channel:override:variables:openCircuits:)`` does, yielding after each
    /// integration's conditions so that one request with many conditioned integrations cannot hold a thread of
    /// the cooperative pool (and with it, on two cores, half the server) for the whole evaluation.
    public static func selectYielding(
        from integrations: [Integration], channel: Channel, override identifier: String?,
        variables: ConditionVariables, openCircuits: Set<String> = []
    ) async throws -> Decision {
        var outcomes: [String: ConditionEvaluator.Outcome] = [:]
        for integration in integrations where integration.channel == channel && !integration.deleted && integration.hasConditions {
            outcomes[integration.id] = ConditionEvaluator.evaluate(integration.conditions, variables: variables)
            await Task.yield()
        }
        return try select(from: integrations, channel: channel, override: identifier, openCircuits: openCircuits) {
            outcomes[$0.id] ?? ConditionEvaluator.evaluate($0.conditions, variables: variables)
        }
    }

    private static func select(
        from integrations: [Integration], channel: Channel, override identifier: String?, openCircuits: Set<String>,
        evaluate: (Integration) -> ConditionEvaluator.Outcome
    ) throws -> Decision {
        let candidates = integrations.filter { $0.channel == channel && !$0.deleted }
        var taken: [(Integration, String, ConditionEvaluator.Outcome?)] = []
        var skipped: [Explanation] = []
        if let identifier {
            guard let chosen = candidates.first(where: { $0.identifier == identifier && $0.active }) else {
                throw HeraldError.validation([
                    "integrationIdentifier \(identifier) names no active \(channel.rawValue) integration of this environment",
                ])
            }
            taken.append((chosen, "override", nil))
        }
        let ranked = candidates.sorted {
            ($0.priority, $0.createdAt, $0.id) > ($1.priority, $1.createdAt, $1.id)
        }
        var matched: [(Integration, ConditionEvaluator.Outcome)] = []
        var plain: [Integration] = []
        for integration in ranked where !taken.contains(where: { $0.0.id == integration.id }) {
            let outcome = integration.hasConditions ? evaluate(integration) : nil
            if !integration.active {
                skipped.append(.init(integration: integration, position: nil, reason: "inactive", conditions: outcome))
            } else if let outcome, !outcome.passed {
                skipped.append(.init(integration: integration, position: nil, reason: "conditions not matched", conditions: outcome))
            } else if let outcome {
                matched.append((integration, outcome))
            } else {
                plain.append(integration)
            }
        }
        taken += matched.map { ($0.0, "conditions matched", $0.1) }
        if channel.hasPrimary, let primary = plain.first(where: \.primary) {
            taken.append((primary, "primary", nil))
            plain.removeAll { $0.id == primary.id }
        }
        taken += plain.map { ($0, "fallback", nil) }
        var chain: [Integration] = []
        var explanations: [Explanation] = []
        for (integration, reason, outcome) in taken {
            if openCircuits.contains(integration.id) {
                skipped.append(.init(integration: integration, position: nil, reason: "circuit open", conditions: outcome))
                continue
            }
            explanations.append(.init(integration: integration, position: chain.count, reason: reason, conditions: outcome))
            chain.append(integration)
        }
        return Decision(chain: chain, explanations: explanations + skipped)
    }
}
