import Foundation

/// Generators for record ids, identifiers and secrets.
public enum Identifiers {
    /// A new 24-hex-character id: 4 bytes of seconds since 1970, then 8 random bytes (ObjectId-shaped).
    public static func objectId(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let seconds = UInt32(truncatingIfNeeded: Int(now.timeIntervalSince1970))
        let random = generator.next() as UInt64
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: seconds >> (24 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: random >> (56 - 8 * $0)) }
        return Hex.encode(bytes)
    }

    /// Whether a string has the shape of an id made by ``objectId(now:)``.
    public static func isObjectId(_ text: String) -> Bool {
        text.utf8.count == 24 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// `count` random characters from `[0-9A-Za-z]`.
    public static func randomAlphanumeric(_ count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    /// A new secret token with a readable prefix, e.g. `hk_live_…` (32 random characters).
    public static func secret(prefix: String) -> String { prefix + randomAlphanumeric(32) }

    /// Novu-style slug: splits camel case, lowercases, joins runs of other characters with `-`.
    public static func slug(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in text.decomposedStringWithCompatibilityMapping where character.isASCII {
            if character.isLetter || character.isNumber {
                if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                    out.append("-")
                }
                out.append(Character(character.lowercased()))
            } else if !out.isEmpty, out.last != "-" {
                out.append("-")
            }
            previous = character
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "integration" : out
    }

    /// The default identifier for a name: its slug, a dash and 8 random characters.
    public static func defaultIdentifier(name: String) -> String {
        slug(name) + "-" + randomAlphanumeric(8)
    }
}
