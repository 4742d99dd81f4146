/// Bounds that keep condition evaluation cheap whatever a caller sends: integrations' conditions are checked when
/// saved, and the variables a delivery or a selection request carries when it arrives (a 422 names the field).
/// With them, evaluating one integration's conditions is bounded by a few million word operations.
public enum ConditionLimits {
    /// Condition groups per integration.
    public static let maxGroups = 20
    /// Comparisons per group.
    public static let maxChildren = 20
    /// Characters of a comparison's `field` path.
    public static let maxFieldLength = 256
    /// Characters of a string in a comparison's `value`.
    public static let maxValueString = 1_024
    /// Items of an array in a comparison's `value`.
    public static let maxValueItems = 256
    /// Bytes of a string among the variables (tenant, subscriber, payload).
    public static let maxVariableString = 16_384
    /// Items of an array among the variables.
    public static let maxVariableItems = 1_000

    /// Appends a problem for each string or array inside a comparison `value` beyond the limits.
    static func checkValue(_ value: JSONValue, path: String, problems: inout [String]) {
        check(value, path: path, maxString: maxValueString, maxItems: maxValueItems, countBytes: false, problems: &problems)
    }

    /// Appends a problem for each string or array among the variables beyond the limits (`tenant`, `subscriber`,
    /// `payload`).
    public static func checkVariables(_ value: JSONValue, path: String, problems: inout [String]) {
        check(value, path: path, maxString: maxVariableString, maxItems: maxVariableItems, countBytes: true, problems: &problems)
    }

    private static func check(
        _ value: JSONValue, path: String, maxString: Int, maxItems: Int, countBytes: Bool, problems: inout [String]
    ) {
        guard problems.count < 20 else { return }
        switch value {
        case .string(let text):
            let length = countBytes ? text.utf8.count : text.count
            if length > maxString {
                problems.append("\(path) must be at most \(maxString) \(countBytes ? "bytes" : "characters") long")
            }
        case .array(let items):
            if items.count > maxItems {
                problems.append("\(path) must have at most \(maxItems) items")
                return
            }
            for (index, item) in items.enumerated() {
                check(item, path: "\(path)[\(index)]", maxString: maxString, maxItems: maxItems, countBytes: countBytes, problems: &problems)
            }
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                check(member, path: "\(path).\(key)", maxString: maxString, maxItems: maxItems, countBytes: countBytes, problems: &problems)
            }
        default:
            break
        }
    }
}
