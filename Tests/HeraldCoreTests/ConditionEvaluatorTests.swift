import Foundation
import HeraldCore
import Testing

/// Every operator of reference §6.1 with its plain meaning, table-driven.
@Suite struct ConditionEvaluatorTests {
    struct Row: Sendable, CustomStringConvertible {
        let op: FieldOperator
        let actual: JSONValue?
        let expected: JSONValue
        let result: Bool
        var description: String { "\(op.rawValue) \(String(describing: actual)) \(expected) → \(result)" }
    }

    static let rows: [Row] = [
        Row(op: .equal, actual: .string("acme"), expected: .string("acme"), result: true),
        Row(op: .equal, actual: .number(3), expected: .string("3"), result: true),
        Row(op: .equal, actual: .bool(true), expected: .string("true"), result: true),
        Row(op: .equal, actual: nil, expected: .string("acme"), result: false),
        Row(op: .notEqual, actual: .string("acme"), expected: .string("globex"), result: true),
        Row(op: .notEqual, actual: nil, expected: .string("acme"), result: true),
        Row(op: .larger, actual: .number(10), expected: .string("9"), result: true),
        Row(op: .larger, actual: .string("10"), expected: .number(9), result: true),
        Row(op: .smaller, actual: .number(10), expected: .number(9), result: false),
        Row(op: .largerEqual, actual: .number(9), expected: .number(9), result: true),
        Row(op: .smallerEqual, actual: .string("2026-01-01"), expected: .string("2026-06-01"), result: true),
        Row(op: .larger, actual: nil, expected: .number(1), result: false),
        Row(op: .in, actual: .string("eu"), expected: .array([.string("us"), .string("eu")]), result: true),
        Row(op: .in, actual: .string("eu"), expected: .string("us, eu"), result: true),
        Row(op: .in, actual: .array([.string("vip"), .string("beta")]), expected: .string("vip"), result: true),
        Row(op: .in, actual: .string("apac"), expected: .array([.string("us"), .string("eu")]), result: false),
        Row(op: .notIn, actual: .string("apac"), expected: .array([.string("us"), .string("eu")]), result: true),
        Row(op: .notIn, actual: nil, expected: .array([.string("us")]), result: true),
        Row(op: .anyIn, actual: .array([.string("a"), .string("b")]), expected: .array([.string("b"), .string("c")]), result: true),
        Row(op: .anyIn, actual: .array([.string("a")]), expected: .array([.string("c")]), result: false),
        Row(op: .allIn, actual: .array([.string("a"), .string("b"), .string("c")]), expected: .string("a,c"), result: true),
        Row(op: .allIn, actual: .array([.string("a")]), expected: .array([.string("a"), .string("c")]), result: false),
        Row(op: .between, actual: .number(5), expected: .array([.number(1), .number(5)]), result: true),
        Row(op: .between, actual: .number(6), expected: .string("1,5"), result: false),
        Row(op: .notBetween, actual: .number(6), expected: .string("1,5"), result: true),
        Row(op: .like, actual: .string("acme-eu-1"), expected: .string("acme-%"), result: true),
        Row(op: .like, actual: .string("ACME-EU"), expected: .string("acme-e_"), result: true),
        Row(op: .like, actual: .string("acme-eu"), expected: .string("acme-_"), result: false),
        Row(op: .like, actual: .string("x%y"), expected: .string("%y"), result: true),
        Row(op: .notLike, actual: .string("globex"), expected: .string("acme%"), result: true),
        Row(op: .isDefined, actual: .string(""), expected: .null, result: true),
        Row(op: .isDefined, actual: nil, expected: .null, result: false),
    ]

    @Test(arguments: rows) func operatorTable(_ row: Row) {
        #expect(ConditionEvaluator.evaluate(row.op, actual: row.actual, expected: row.expected) == row.result)
    }

    @Test func everyOperatorIsCoveredByTheTable() {
        #expect(Set(Self.rows.map(\.op)) == Set(FieldOperator.allCases))
    }

    static func part(_ field: String, _ op: FieldOperator, _ value: JSONValue, on: FilterPart.Scope = .tenant) -> FilterPart {
        FilterPart(field: field, value: value, operator: op, on: on)
    }

    @Test func groupsCombineAndNegate() {
        let variables = ConditionVariables(
            tenant: .object(["identifier": .string("acme"), "data": .object(["region": .string("eu")])]),
            subscriber: .object(["locale": .string("de")]), payload: .object(["priority": .number(5)]))
        let and = StepFilter(value: .and, children: [
            Self.part("identifier", .equal, .string("acme")), Self.part("data.region", .equal, .string("eu")),
            Self.part("locale", .equal, .string("de"), on: .subscriber), Self.part("priority", .larger, .number(3), on: .payload),
        ])
        #expect(ConditionEvaluator.evaluate([and], variables: variables).passed)
        var negated = and
        negated.isNegated = true
        #expect(!ConditionEvaluator.evaluate([negated], variables: variables).passed)
        let or = StepFilter(value: .or, children: [
            Self.part("identifier", .equal, .string("globex")), Self.part("data.region", .equal, .string("eu")),
        ])
        #expect(ConditionEvaluator.evaluate([or], variables: variables).passed)
        let failing = StepFilter(value: .and, children: [Self.part("identifier", .equal, .string("globex"))])
        let outcome = ConditionEvaluator.evaluate([failing, or], variables: variables)
        #expect(outcome.passed, "groups are OR-ed")
        #expect(outcome.groups.map(\.passed) == [false, true])
        #expect(ConditionEvaluator.evaluate([], variables: variables).passed)
        #expect(ConditionEvaluator.evaluate([StepFilter(children: [])], variables: variables).passed)
    }
}
