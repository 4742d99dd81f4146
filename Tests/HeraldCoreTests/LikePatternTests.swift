@testable import HeraldCore
import Testing

/// LIKE is linear in the text (defect 3): it agrees with a plain dynamic-programming reference on every case, and
/// a pattern that made the old backtracking matcher quadratic is now one pass.
@Suite struct LikePatternTests {
    /// A reference matcher: the textbook O(n·m) table.
    static func reference(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text), p = Array(pattern)
        var row = [Bool](repeating: false, count: p.count + 1)
        row[0] = true
        for j in 0..<p.count where p[j] == "%" { row[j + 1] = row[j] }
        for character in t {
            var next = [Bool](repeating: false, count: p.count + 1)
            for j in 0..<p.count {
                if p[j] == "%" { next[j + 1] = next[j] || row[j + 1] }
                else if p[j] == "_" || p[j] == character { next[j + 1] = row[j] }
            }
            row = next
        }
        return row[p.count]
    }

    @Test func agreesWithTheReference() {
        let cases: [(String, String)] = [
            ("", ""), ("", "%"), ("", "_"), ("a", ""), ("abc", "abc"), ("abc", "a%"), ("abc", "%c"), ("abc", "%b%"),
            ("abc", "a_c"), ("abc", "a__"), ("abc", "____"), ("abc", "%%%"), ("abc", "%a%b%c%"), ("abc", "%c%b%"),
            ("aaa", "%aa"), ("mississippi", "%iss%ppi"), ("mississippi", "m%s_s%i"), ("eu-west-1", "eu-%"),
            ("us-east-1", "eu-%"), ("héllo wörld", "h_llo w%"), ("🎉party", "_party"), ("x%y", "x%y"),
        ]
        for (text, pattern) in cases {
            #expect(LikePattern(pattern).matches(text) == Self.reference(text, pattern), "\(text) LIKE \(pattern)")
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "b", "%", "_"]
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "ab".randomElement(using: &generator)! })
            let pattern = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(LikePattern(pattern).matches(text) == Self.reference(text, pattern), "\(text) LIKE \(pattern)")
        }
    }

    @Test func longPatternsSpanSeveralWords() {
        let text = String(repeating: "ab", count: 500)
        #expect(LikePattern(String(repeating: "a_", count: 500)).matches(text))
        #expect(!LikePattern(String(repeating: "a_", count: 499) + "ac").matches(text))
        #expect(LikePattern(String(repeating: "%a", count: 300) + "%").matches(text))
        #expect(!LikePattern(String(repeating: "%a", count: 501) + "%").matches(text))
        #expect(ConditionEvaluator.evaluate(.like, actual: .string("EU-West-1"), expected: .string("eu-%")))
    }

    @Test func anyInAndAllInKeepTheirCoercions() {
        let have: JSONValue = .array([.number(3), .string("gold"), .bool(true), .null])
        #expect(ConditionEvaluator.evaluate(.anyIn, actual: have, expected: .array([.string("3")])))
        #expect(ConditionEvaluator.evaluate(.anyIn, actual: have, expected: .string("silver, gold")))
        #expect(ConditionEvaluator.evaluate(.allIn, actual: have, expected: .array([.string("true"), .number(3), .string("gold")])))
        #expect(!ConditionEvaluator.evaluate(.allIn, actual: have, expected: .array([.string("gold"), .string("silver")])))
        #expect(ConditionEvaluator.evaluate(.anyIn, actual: have, expected: .array([.null])))
        #expect(!ConditionEvaluator.evaluate(.anyIn, actual: .string("3.0"), expected: .number(3)), "\"3.0\" is not 3 as text")
        #expect(ConditionEvaluator.evaluate(.anyIn, actual: .number(3), expected: .string("3.0")))
        let many = JSONValue.array((0..<1_000).map { .string("v\($0)") })
        #expect(ConditionEvaluator.evaluate(.allIn, actual: many, expected: .array((0..<256).map { .string("v\($0 * 3)") })))
    }

    @Test func conditionsBeyondTheLimitsAreRefusedOnSave() {
        func part(_ value: JSONValue, field: String = "region") -> JSONValue {
            .object(["field": .string(field), "value": value, "operator": .string("LIKE"), "on": .string("tenant")])
        }
        func groups(_ count: Int, children: [JSONValue]) -> JSONValue {
            .array((0..<count).map { _ in .object(["value": .string("AND"), "children": .array(children)]) })
        }
        let fine = groups(ConditionLimits.maxGroups, children: Array(repeating: part(.string(String(repeating: "%a", count: 512))), count: ConditionLimits.maxChildren))
        #expect(throws: Never.self) { try StepFilter.validateList(fine) }
        let cases: [(JSONValue, String)] = [
            (groups(ConditionLimits.maxGroups + 1, children: [part(.string("x"))]), "conditions must have at most"),
            (groups(1, children: Array(repeating: part(.string("x")), count: ConditionLimits.maxChildren + 1)), "children must have at most"),
            (groups(1, children: [part(.string(String(repeating: "%", count: 1_025)))]), "conditions[0].children[0].value must be at most 1024"),
            (groups(1, children: [part(.array(Array(repeating: .string("x"), count: 257)))]), "value must have at most 256 items"),
            (groups(1, children: [part(.string("x"), field: String(repeating: "f", count: 257))]), "field must be a non-empty string of at most 256"),
        ]
        for (json, expected) in cases {
            do {
                _ = try StepFilter.validateList(json)
                Issue.record("accepted: \(expected)")
            } catch let error as HeraldError {
                #expect(error.kind == .validation)
                #expect(error.messages.contains { $0.contains(expected) }, "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
