import HeraldCore

/// The condition evaluator: the input is `{"conditions": [...], "variables": {...}}`; the conditions are validated as
/// on save and evaluated against the variables. Any other input is split into a LIKE pattern and a text, and the
/// linear LIKE matcher must agree with a plain dynamic-programming reference.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let value = try? JSONValue.parse(bytes: bytes), case .object(let body) = value, let json = body["conditions"] {
        guard let conditions = try? StepFilter.validateList(json) else { return 0 }
        let variables = body["variables"]?.objectValue ?? [:]
        let scope = ConditionVariables(tenant: variables["tenant"], subscriber: variables["subscriber"], payload: variables["payload"])
        let outcome = ConditionEvaluator.evaluate(conditions, variables: scope)
        precondition(outcome.groups.count == conditions.count)
        return 0
    }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let split = text.firstIndex(of: "\n") else { return 0 }
    let pattern = String(text[..<split]), subject = String(text[text.index(after: split)...])
    guard pattern.count <= 64, subject.count <= 256 else { return 0 }
    precondition(LikePattern(pattern).matches(subject) == reference(subject, pattern), "LIKE disagrees with the reference")
    return 0
}

private func reference(_ text: String, _ pattern: String) -> Bool {
    let p = Array(pattern)
    var row = [Bool](repeating: false, count: p.count + 1)
    row[0] = true
    for j in 0..<p.count where p[j] == "%" { row[j + 1] = row[j] }
    for character in text {
        var next = [Bool](repeating: false, count: p.count + 1)
        for j in 0..<p.count {
            if p[j] == "%" { next[j + 1] = next[j] || row[j + 1] } else if p[j] == "_" || p[j] == character { next[j + 1] = row[j] }
        }
        row = next
    }
    return row[p.count]
}
