/// SQL `LIKE` matching (`%` any run, `_` one character) in time linear in the text: the pattern is an automaton
/// whose states are kept as a bit set and advanced for every character at once (shift-and), so no input backtracks.
/// Work is `text length × ⌈pattern length / 64⌉` word operations, whatever the pattern.
public struct LikePattern: Sendable {
    private let width: Int
    private let words: Int
    /// Per pattern character: the states it advances (the literal's positions, plus every `_`).
    private let advance: [Character: [UInt64]]
    /// The states a character not in the pattern advances (the `_` positions).
    private let wildcard: [UInt64]
    /// The `%` positions (states that also stay).
    private let star: [UInt64]

    /// Compiles a pattern; runs of `%` count as one.
    public init(_ pattern: String) {
        var symbols: [Character] = []
        for character in pattern where !(character == "%" && symbols.last == "%") { symbols.append(character) }
        width = symbols.count + 1
        words = (width + 63) / 64
        var wildcard = [UInt64](repeating: 0, count: words)
        var star = [UInt64](repeating: 0, count: words)
        var literals: [Character: [UInt64]] = [:]
        for (position, symbol) in symbols.enumerated() {
            let (word, bit) = (position / 64, UInt64(1) << UInt64(position % 64))
            switch symbol {
            case "%": star[word] |= bit
            case "_": wildcard[word] |= bit
            default: literals[symbol, default: [UInt64](repeating: 0, count: words)][word] |= bit
            }
        }
        self.advance = literals.mapValues { mask in zip(mask, wildcard).map { $0 | $1 } }
        self.wildcard = wildcard
        self.star = star
    }

    /// Whether the whole text matches.
    public func matches(_ text: String) -> Bool {
        var states = [UInt64](repeating: 0, count: words)
        states[0] = 1
        close(&states)
        var next = [UInt64](repeating: 0, count: words)
        for character in text {
            let mask = advance[character] ?? wildcard
            var carry: UInt64 = 0
            var any: UInt64 = 0
            for index in 0..<words {
                let moved = states[index] & mask[index]
                next[index] = (moved << 1) | carry | (states[index] & star[index])
                carry = moved >> 63
                any |= next[index]
            }
            if any == 0 { return false }
            swap(&states, &next)
            close(&states)
        }
        let accept = width - 1
        return states[accept / 64] & (UInt64(1) << UInt64(accept % 64)) != 0
    }

    /// A `%` state also reaches the state after it without consuming a character.
    private func close(_ states: inout [UInt64]) {
        var carry: UInt64 = 0
        for index in 0..<words {
            let skipped = states[index] & star[index]
            states[index] |= (skipped << 1) | carry
            carry = skipped >> 63
        }
    }
}
