import Foundation
import HeraldCore
import Testing

/// The selection order: override → matching conditions → primary → the rest by priority, then newest.
@Suite struct IntegrationSelectorTests {
    static func make(_ id: String, active: Bool = true, primary: Bool = false, priority: Int = 0, age: Double = 0,
                     tenant: String? = nil, channel: Channel = .email) -> Integration {
        let date = Date(timeIntervalSince1970: 1_000_000 + age)
        let conditions = tenant.map {
            [StepFilter(children: [FilterPart(field: "identifier", value: .string($0), operator: .equal, on: .tenant)])]
        } ?? []
        return Integration(
            id: id, environmentId: "env", organizationId: "org", name: id, identifier: "id-\(id)",
            providerId: "sendgrid", channel: channel, active: active, primary: primary, priority: priority,
            conditions: conditions, createdAt: date, updatedAt: date)
    }

    static let all = [
        make("p", primary: true, priority: 4), make("b", priority: 3), make("acme", priority: 2, tenant: "acme"),
        make("globex", priority: 1, tenant: "globex"), make("off", active: false), make("sms", channel: .sms),
    ]

    func chain(_ tenant: String?, override: String? = nil, open: Set<String> = [], from list: [Integration] = all) throws -> [String] {
        let variables = ConditionVariables(tenant: tenant.map { .object(["identifier": .string($0)]) })
        return try IntegrationSelector.select(
            from: list, channel: .email, override: override, variables: variables, openCircuits: open
        ).chain.map(\.id)
    }

    @Test func tableOfChains() throws {
        #expect(try chain(nil) == ["p", "b"])
        #expect(try chain("acme") == ["acme", "p", "b"])
        #expect(try chain("globex") == ["globex", "p", "b"])
        #expect(try chain("initech") == ["p", "b"])
        #expect(try chain("acme", override: "id-b") == ["b", "acme", "p"])
        #expect(try chain("acme", open: ["acme"]) == ["p", "b"])
        #expect(try chain(nil, from: [Self.make("old", age: 0), Self.make("new", age: 10)]) == ["new", "old"])
    }

    @Test func overrideMustBeActive() {
        #expect(throws: HeraldError.self) { try chain(nil, override: "id-off") }
        #expect(throws: HeraldError.self) { try chain(nil, override: "id-missing") }
    }

    @Test func explanationsCoverEveryIntegrationOfTheChannel() throws {
        let decision = try IntegrationSelector.select(
            from: Self.all, channel: .email, override: nil,
            variables: ConditionVariables(tenant: .object(["identifier": .string("acme")])), openCircuits: ["b"])
        let reasons = Dictionary(uniqueKeysWithValues: decision.explanations.map { ($0.integration.id, $0.reason) })
        #expect(reasons == ["acme": "conditions matched", "p": "primary", "b": "circuit open",
                            "globex": "conditions not matched", "off": "inactive"])
        #expect(decision.explanations.first { $0.integration.id == "globex" }?.conditions?.groups.first?.parts.first?.passed == false)
    }
}
