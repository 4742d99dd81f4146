import Foundation
import HeraldCore
import Testing

/// The primary/priority cases of reference §4, plus Herald's promotion rule, on plain values.
@Suite struct PriorityPolicyTests {
    private func make(_ id: String, active: Bool = true, primary: Bool = false, priority: Int = 0, age: Double = 0,
                      conditions: [StepFilter] = []) -> Integration {
        let date = Date(timeIntervalSince1970: 1_000_000 + age)
        return Integration(
            id: id, environmentId: "env", organizationId: "org", name: id, identifier: id, providerId: "sendgrid",
            channel: .email, active: active, primary: primary, priority: priority, conditions: conditions,
            createdAt: date, updatedAt: date)
    }

    private func state(_ list: [Integration]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: list.map { ($0.id, "\($0.priority)\($0.primary ? "P" : "")") })
    }

    private let tenantCondition = [StepFilter(children: [
        FilterPart(field: "identifier", value: .string("acme"), operator: .equal, on: .tenant),
    ])]

    @Test func firstActiveIntegrationBecomesPrimaryWithPriorityOne() {
        var list = [make("a")]
        PriorityPolicy.placeCreated("a", in: &list)
        #expect(state(list) == ["a": "1P"])
    }

    @Test func newIntegrationGoesSecondBelowAPrimary() {
        var list = [make("a", primary: true, priority: 2, age: 1), make("b", priority: 1), make("c", age: 2)]
        PriorityPolicy.placeCreated("c", in: &list)
        #expect(state(list) == ["a": "3P", "b": "1", "c": "2"])
    }

    @Test func newIntegrationBecomesPrimaryWhenTheTopIsNotPrimary() {
        var list = [make("a", priority: 1), make("b", age: 1)]
        PriorityPolicy.placeCreated("b", in: &list)
        #expect(state(list) == ["a": "1", "b": "2P"])
    }

    @Test func createdWithConditionsNeverBecomesPrimary() {
        var list = [make("a", age: 0, conditions: tenantCondition)]
        PriorityPolicy.placeCreated("a", in: &list)
        #expect(state(list) == ["a": "1"])
    }

    @Test func reactivatedIntegrationIsRankedButNotMadePrimary() {
        var list = [make("a", active: true)]
        PriorityPolicy.placeActivated("a", in: &list)
        #expect(state(list) == ["a": "1"])
    }

    @Test func deactivatingThePrimaryPromotesTheNextUnconditionedIntegration() {
        var list = [
            make("a", primary: true, priority: 3), make("b", priority: 2, conditions: tenantCondition),
            make("c", priority: 1),
        ]
        list[0].active = false
        PriorityPolicy.withdraw("a", in: &list)
        #expect(state(list) == ["a": "0", "b": "1", "c": "2P"])
    }

    @Test func deactivatingANonPrimaryReranksTheRest() {
        var list = [make("a", primary: true, priority: 3), make("b", priority: 2), make("c", priority: 1)]
        list[1].active = false
        PriorityPolicy.withdraw("b", in: &list)
        #expect(state(list) == ["a": "2P", "b": "0", "c": "1"])
    }

    @Test func setPrimaryActivatesClearsConditionsAndRanksFirst() {
        var list = [
            make("a", primary: true, priority: 2), make("b", priority: 1),
            make("c", active: false, conditions: tenantCondition),
        ]
        PriorityPolicy.setPrimary("c", in: &list)
        #expect(state(list) == ["a": "2", "b": "1", "c": "3P"])
        #expect(list[2].active && list[2].conditions.isEmpty)
    }

    @Test func conditionsOnThePrimaryHandTheFlagOn() {
        var list = [make("a", primary: true, priority: 2), make("b", priority: 1)]
        list[0].conditions = tenantCondition
        PriorityPolicy.conditionsAdded("a", in: &list)
        #expect(state(list) == ["a": "1", "b": "2P"])
    }

    @Test func nothingToPromoteLeavesNoPrimary() {
        var list = [make("a", primary: true, priority: 1), make("b", active: false)]
        list[0].active = false
        PriorityPolicy.withdraw("a", in: &list)
        #expect(state(list) == ["a": "0", "b": "0"])
    }
}
