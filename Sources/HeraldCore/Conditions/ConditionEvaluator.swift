import Foundation

/// Evaluates integration conditions with every operator's plain meaning (Novu leaves six operators unimplemented
/// and ignores `isNegated`; Herald implements them all).
///
/// - Groups are OR-ed; an empty list passes. A group's children combine with its `AND`/`OR`; a group without
///   children passes; `isNegated` inverts the group's result.
/// - Positive operators are false when the variable is undefined; `NOT_*` operators are their exact negation.
/// - `IN`/`NOT_IN`: the variable is one of the expected values (an array, or a comma-separated string); when the
///   variable itself is an array, it contains the expected value (Novu's reading).
/// - `ANY_IN`/`ALL_IN`: the variable (an array, or a single value) holds any / all of the expected values.
/// - `BETWEEN`/`NOT_BETWEEN`: inclusive bounds, given as a two-element array or `"low,high"`.
/// - `LIKE`/`NOT_LIKE`: SQL patterns, `%` any run and `_` one character, case-insensitive.
/// - Comparisons are numeric when both sides read as numbers, otherwise by string order.
public enum ConditionEvaluator {
    /// One comparison's outcome.
    public struct PartResult: Sendable, Hashable {
        /// The comparison.
        public let part: FilterPart
        /// The variable's value, nil when undefined.
        public let actual: JSONValue?
        /// Whether it held.
        public let passed: Bool
    }

    /// One group's outcome.
    public struct GroupResult: Sendable, Hashable {
        /// Whether the group passed (after `isNegated`).
        public let passed: Bool
        /// Its comparisons.
        public let parts: [PartResult]
    }

    /// The overall outcome with every group's details.
    public struct Outcome: Sendable, Hashable {
        /// Whether the conditions match.
        public let passed: Bool
        /// Every group's result.
        public let groups: [GroupResult]
    }

    /// Evaluates a condition list.
    public static func evaluate(_ filters: [StepFilter], variables: ConditionVariables) -> Outcome {
        if filters.isEmpty { return Outcome(passed: true, groups: []) }
        let groups = filters.map { evaluate(group: $0, variables: variables) }
        return Outcome(passed: groups.contains(where: \.passed), groups: groups)
    }

    static func evaluate(group: StepFilter, variables: ConditionVariables) -> GroupResult {
        let parts = group.children.map { part in
            let actual = variables.value(on: part.on, field: part.field)
            return PartResult(part: part, actual: actual, passed: evaluate(part.operator, actual: actual, expected: part.value))
        }
        var passed: Bool
        if parts.isEmpty {
            passed = true
        } else {
            passed = group.value == .and ? parts.allSatisfy(\.passed) : parts.contains(where: \.passed)
        }
        if group.isNegated { passed.toggle() }
        return GroupResult(passed: passed, parts: parts)
    }

    /// Whether one operator holds for a variable value (nil = undefined) and an expected value.
    public static func evaluate(_ op: FieldOperator, actual: JSONValue?, expected: JSONValue) -> Bool {
        switch op {
        case .isDefined: return actual != nil
        case .notEqual: return !evaluate(.equal, actual: actual, expected: expected)
        case .notIn: return !evaluate(.in, actual: actual, expected: expected)
        case .notBetween: return !evaluate(.between, actual: actual, expected: expected)
        case .notLike: return !evaluate(.like, actual: actual, expected: expected)
        default: break
        }
        guard let actual, actual != .null || op == .equal else { return false }
        switch op {
        case .equal: return same(actual, expected)
        case .larger: return compare(actual, expected).map { $0 > 0 } ?? false
        case .smaller: return compare(actual, expected).map { $0 < 0 } ?? false
        case .largerEqual: return compare(actual, expected).map { $0 >= 0 } ?? false
        case .smallerEqual: return compare(actual, expected).map { $0 <= 0 } ?? false
        case .in:
            if case .array(let items) = actual { return items.contains { same($0, expected) } }
            return list(expected).contains { same(actual, $0) }
        case .anyIn:
            let have = ValueIndex(items(actual))
            return list(expected).contains { have.contains(matching: $0) }
        case .allIn:
            let have = ValueIndex(items(actual))
            let wanted = list(expected)
            return !wanted.isEmpty && wanted.allSatisfy { have.contains(matching: $0) }
        case .between:
            let bounds = list(expected)
            guard bounds.count == 2, let low = compare(actual, bounds[0]), let high = compare(actual, bounds[1])
            else { return false }
            return low >= 0 && high <= 0
        case .like:
            guard let text = scalarText(actual), let pattern = scalarText(expected) else { return false }
            return like(text.lowercased(), pattern.lowercased())
        case .isDefined, .notEqual, .notIn, .notBetween, .notLike:
            return false // handled above
        }
    }

    /// Equality after coercing the expected value to the actual value's type (`"3"` equals 3, `"true"` equals true).
    static func same(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        switch (actual, expected) {
        case (.number(let a), _): return number(expected).map { $0 == a } ?? false
        case (.bool(let a), .bool(let b)): return a == b
        case (.bool(let a), .string(let b)): return (b == "true") == a && (b == "true" || b == "false")
        case (.string(let a), _): return scalarText(expected) == a
        default: return actual == expected
        }
    }

    /// -1, 0 or 1; numeric when both sides read as numbers, otherwise by string order; nil when incomparable.
    static func compare(_ actual: JSONValue, _ expected: JSONValue) -> Int? {
        if let a = number(actual), let b = number(expected) { return a < b ? -1 : (a > b ? 1 : 0) }
        guard let a = scalarText(actual), let b = scalarText(expected) else { return nil }
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number: String(decoding: value.encoded(), as: UTF8.self)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// The expected values: an array's elements, or a comma-separated string's trimmed parts.
    static func list(_ expected: JSONValue) -> [JSONValue] {
        switch expected {
        case .array(let values): values
        case .string(let text): text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }
        case .null: []
        default: [expected]
        }
    }

    static func items(_ actual: JSONValue) -> [JSONValue] {
        if case .array(let values) = actual { return values }
        return [actual]
    }

    /// SQL LIKE matching with `%` and `_`, linear in the text (``LikePattern``).
    static func like(_ text: String, _ pattern: String) -> Bool {
        LikePattern(pattern).matches(text)
    }

    /// The variable's items indexed by the coerced form ``same(_:_:)`` compares, so membership of each expected
    /// value is one hash lookup per kind instead of a scan.
    struct ValueIndex {
        private var numbers: Set<Double> = []
        private var bools: Set<Bool> = []
        private var strings: Set<String> = []
        private var others: Set<JSONValue> = []

        init(_ values: [JSONValue]) {
            for value in values {
                switch value {
                case .number(let number): numbers.insert(number)
                case .bool(let flag): bools.insert(flag)
                case .string(let text): strings.insert(text)
                default: others.insert(value)
                }
            }
        }

        /// Whether some item `a` satisfies `same(a, expected)`.
        func contains(matching expected: JSONValue) -> Bool {
            if !numbers.isEmpty, let number = ConditionEvaluator.number(expected), numbers.contains(number) { return true }
            if !bools.isEmpty {
                switch expected {
                case .bool(let flag) where bools.contains(flag): return true
                case .string(let text) where (text == "true" || text == "false") && bools.contains(text == "true"): return true
                default: break
                }
            }
            if !strings.isEmpty, let text = ConditionEvaluator.scalarText(expected), strings.contains(text) { return true }
            return !others.isEmpty && others.contains(expected)
        }
    }
}
