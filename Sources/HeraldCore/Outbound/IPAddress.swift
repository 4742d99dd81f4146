#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IP address as its 16 bytes (IPv4 as `::ffff:a.b.c.d`), parsed from an address literal.
///
/// Classification works on these bytes, never on the text: every spelling of an address (`::1`, `0:0:0:0:0:0:0:1`,
/// `::0:1`, `::ffff:7f00:1`, `::ffff:127.0.0.1`) is the same value.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes, network order.
    public let bytes: [UInt8]
    /// Whether it was written as an IPv4 address.
    public let isIPv4: Bool

    /// Parses an IPv4 dotted quad or an IPv6 literal (brackets allowed); nil for anything else, host names included.
    public init?(_ text: some StringProtocol) {
        var literal = String(text)
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        // A zone (`fe80::1%eth0`, as getnameinfo writes link-local results) does not change the class.
        if let zone = literal.firstIndex(of: "%") { literal = String(literal[..<zone]) }
        guard !literal.isEmpty, literal.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            self.init(ipv4: withUnsafeBytes(of: &v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, literal, &v6) == 1 else { return nil }
        self.init(ipv6: withUnsafeBytes(of: &v6) { Array($0) })
    }

    /// An IPv4 address from its four bytes.
    public init(ipv4 octets: [UInt8]) {
        precondition(octets.count == 4)
        self.bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + octets
        self.isIPv4 = true
    }

    /// An IPv6 address from its sixteen bytes.
    public init(ipv6 bytes: [UInt8]) {
        precondition(bytes.count == 16)
        self.bytes = bytes
        self.isIPv4 = false
    }

    /// Whether the first `length` bits equal those of `prefix`.
    public func hasPrefix(_ prefix: [UInt8], length: Int) -> Bool {
        var remaining = length
        for (index, byte) in prefix.enumerated() where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if bytes[index] & mask != byte & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        var groups: [String] = []
        for index in stride(from: 0, to: 16, by: 2) {
            groups.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }
}
