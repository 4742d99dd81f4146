/// One condition group of an integration (Novu's `StepFilterDto`): children combined with AND or OR.
public struct StepFilter: Sendable, Hashable, Codable {
    /// How a group's children combine.
    public enum Combinator: String, Sendable, Codable, CaseIterable {
        case and = "AND"
        case or = "OR"
    }

    /// Inverts the group's result when true (Novu stores it but ignores it; Herald honours it).
    public var isNegated: Bool
    /// Informational type tag (`BOOLEAN`, `TEXT`, …).
    public var type: String?
    /// How the children combine.
    public var value: Combinator
    /// The individual comparisons.
    public var children: [FilterPart]

    /// Creates a group.
    public init(isNegated: Bool = false, type: String? = nil, value: Combinator = .and, children: [FilterPart]) {
        self.isNegated = isNegated
        self.type = type
        self.value = value
        self.children = children
    }
}

/// One comparison of a condition group: `on.field operator value`.
public struct FilterPart: Sendable, Hashable, Codable {
    /// The variable scope a comparison reads.
    public enum Scope: String, Sendable, Codable, CaseIterable {
        case tenant, subscriber, payload
    }

    /// The dotted path inside the scope, e.g. `identifier` or `data.region`.
    public var field: String
    /// The expected value (string, number, boolean or array, depending on the operator).
    public var value: JSONValue
    /// The comparison.
    public var `operator`: FieldOperator
    /// The scope.
    public var on: Scope

    /// Creates a comparison.
    public init(field: String, value: JSONValue, operator: FieldOperator, on: Scope) {
        self.field = field
        self.value = value
        self.operator = `operator`
        self.on = on
    }
}

/// The 15 comparison operators of Novu's `FieldOperatorEnum`.
public enum FieldOperator: String, Sendable, Codable, CaseIterable {
    case larger = "LARGER"
    case smaller = "SMALLER"
    case largerEqual = "LARGER_EQUAL"
    case smallerEqual = "SMALLER_EQUAL"
    case equal = "EQUAL"
    case notEqual = "NOT_EQUAL"
    case allIn = "ALL_IN"
    case anyIn = "ANY_IN"
    case notIn = "NOT_IN"
    case between = "BETWEEN"
    case notBetween = "NOT_BETWEEN"
    case like = "LIKE"
    case notLike = "NOT_LIKE"
    case `in` = "IN"
    case isDefined = "IS_DEFINED"
}
