/// Lowercase hex encoding without `String(format:)` (which is slow on hot paths such as authentication).
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The lowercase hex of the bytes.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
