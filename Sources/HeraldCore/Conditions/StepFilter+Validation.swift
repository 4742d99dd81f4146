extension StepFilter {
    /// Validates a JSON array of condition groups, naming each bad field by its index path.
    public static func validateList(_ json: JSONValue) throws -> [StepFilter] {
        guard case .array(let items) = json else {
            throw HeraldError.validation(["conditions must be an array"])
        }
        var problems: [String] = []
        var result: [StepFilter] = []
        if items.count > ConditionLimits.maxGroups {
            throw HeraldError.validation(["conditions must have at most \(ConditionLimits.maxGroups) groups"])
        }
        for (index, item) in items.enumerated() {
            let path = "conditions[\(index)]"
            guard case .object(let group) = item else {
                problems.append("\(path) must be an object")
                continue
            }
            var filter = StepFilter(children: [])
            for (key, value) in group {
                switch key {
                case "isNegated":
                    if case .null = value { continue }
                    if let bool = value.boolValue { filter.isNegated = bool } else {
                        problems.append("\(path).isNegated must be a boolean")
                    }
                case "type":
                    if case .null = value { continue }
                    if let text = value.stringValue { filter.type = text } else {
                        problems.append("\(path).type must be a string")
                    }
                case "value":
                    if let text = value.stringValue, let combinator = Combinator(rawValue: text) {
                        filter.value = combinator
                    } else {
                        problems.append("\(path).value must be one of AND, OR")
                    }
                case "children":
                    guard case .array(let children) = value else {
                        problems.append("\(path).children must be an array")
                        continue
                    }
                    if children.count > ConditionLimits.maxChildren {
                        problems.append("\(path).children must have at most \(ConditionLimits.maxChildren) items")
                        continue
                    }
                    for (childIndex, child) in children.enumerated() {
                        let childPath = "\(path).children[\(childIndex)]"
                        if let part = FilterPart.validate(child, path: childPath, problems: &problems) {
                            filter.children.append(part)
                        }
                    }
                default:
                    problems.append("\(path).\(key) is not a known condition key")
                }
            }
            result.append(filter)
        }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        return result
    }
}

extension FilterPart {
    static func validate(_ json: JSONValue, path: String, problems: inout [String]) -> FilterPart? {
        guard case .object(let members) = json else {
            problems.append("\(path) must be an object")
            return nil
        }
        let before = problems.count
        var field = ""
        var value: JSONValue = .null
        var op: FieldOperator?
        var scope: Scope?
        for (key, member) in members {
            switch key {
            case "field":
                if let text = member.stringValue, !text.isEmpty, text.count <= ConditionLimits.maxFieldLength {
                    field = text
                } else {
                    problems.append("\(path).field must be a non-empty string of at most \(ConditionLimits.maxFieldLength) characters")
                }
            case "value":
                ConditionLimits.checkValue(member, path: "\(path).value", problems: &problems)
                value = member
            case "operator":
                if let text = member.stringValue, let parsed = FieldOperator(rawValue: text) { op = parsed } else {
                    let names = FieldOperator.allCases.map(\.rawValue).joined(separator: ", ")
                    problems.append("\(path).operator must be one of \(names)")
                }
            case "on":
                if let text = member.stringValue, let parsed = Scope(rawValue: text) { scope = parsed } else {
                    problems.append("\(path).on must be one of tenant, subscriber, payload")
                }
            default:
                problems.append("\(path).\(key) is not a known condition key")
            }
        }
        if members["field"] == nil { problems.append("\(path).field is required") }
        if members["operator"] == nil { problems.append("\(path).operator is required") }
        if members["on"] == nil { problems.append("\(path).on is required") }
        guard problems.count == before, let op, let scope else { return nil }
        return FilterPart(field: field, value: value, operator: op, on: scope)
    }
}
