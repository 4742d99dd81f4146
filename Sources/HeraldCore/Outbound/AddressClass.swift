/// What kind of destination an IP address is, by the IANA special-purpose registries.
public enum AddressClass: String, Sendable, Hashable, CaseIterable {
    /// Global unicast: an ordinary Internet address.
    case global
    /// `127.0.0.0/8`, `::1`.
    case loopback
    /// `0.0.0.0/8`, `::` (connecting to it reaches this host).
    case unspecified
    /// `10/8`, `172.16/12`, `192.168/16`.
    case privateUse = "private"
    /// `100.64.0.0/10` (carrier-grade NAT).
    case sharedAddressSpace = "shared address space"
    /// `169.254.0.0/16`, `fe80::/10`.
    case linkLocal = "link-local"
    /// Cloud instance metadata services: `169.254.169.254`, `100.100.100.200`, `fd00:ec2::254`.
    case cloudMetadata = "cloud-metadata"
    /// `224.0.0.0/4`, `ff00::/8`.
    case multicast
    /// `255.255.255.255`.
    case broadcast
    /// `240.0.0.0/4`, `100::/64` and IPv6 space outside `2000::/3` that has no other class.
    case reserved
    /// `198.18.0.0/15`.
    case benchmarking
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`.
    case documentation
    /// `192.0.0.0/24`, `192.88.99.0/24`.
    case protocolAssignments = "IETF protocol assignment"
    /// `fec0::/10` (deprecated site-local).
    case siteLocal = "site-local"
    /// `fc00::/7`.
    case uniqueLocal = "unique-local"
    /// `64:ff9b:1::/48` (local-use NAT64).
    case localTranslation = "local NAT64"

    /// Refused under every policy: never a legitimate provider endpoint, or the classic SSRF target.
    public var alwaysRefused: Bool {
        switch self {
        case .linkLocal, .cloudMetadata, .multicast, .broadcast, .reserved: true
        default: false
        }
    }

    /// Refused when the private network is denied (`--deny-private-network`).
    public var isPrivateNetwork: Bool { self != .global && !alwaysRefused }

    /// Classifies an address by its bytes. IPv4 embedded in IPv6 (mapped `::ffff:0:0/96`, translated
    /// `::ffff:0:0:0/96`, compatible `::/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, Teredo `2001::/32`) is
    /// classified as the IPv4 address it reaches.
    public static func of(_ address: IPAddress) -> AddressClass {
        if let v4 = embeddedIPv4(address) { return ofIPv4(v4) }
        return ofIPv6(address)
    }

    /// The IPv4 address an IPv6 address carries, when it is one of the embedding forms.
    public static func embeddedIPv4(_ address: IPAddress) -> [UInt8]? {
        let b = address.bytes
        if address.isIPv4 { return Array(b[12...]) }
        let zero10 = b[0..<10].allSatisfy { $0 == 0 }
        if zero10, b[10] == 0xFF, b[11] == 0xFF { return Array(b[12...]) }                     // ::ffff:a.b.c.d
        if b[0..<8].allSatisfy({ $0 == 0 }), b[8] == 0xFF, b[9] == 0xFF, b[10] == 0, b[11] == 0 {
            return Array(b[12...])                                                               // ::ffff:0:a.b.c.d
        }
        if zero10, b[10] == 0, b[11] == 0, b[12...].contains(where: { $0 != 0 }),
            !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1)
        {
            return Array(b[12...])                                                               // ::a.b.c.d
        }
        if address.hasPrefix([0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0], length: 96) { return Array(b[12...]) }
        if address.hasPrefix([0x20, 0x02], length: 16) { return Array(b[2..<6]) }               // 6to4
        if address.hasPrefix([0x20, 0x01, 0x00, 0x00], length: 32) { return b[12...].map { ~$0 } } // Teredo client
        return nil
    }

    private static func ofIPv4(_ o: [UInt8]) -> AddressClass {
        switch (o[0], o[1], o[2], o[3]) {
        case (169, 254, _, _): return o[2] == 169 && o[3] == 254 ? .cloudMetadata : .linkLocal
        case (100, 100, 100, 200): return .cloudMetadata
        case (0, _, _, _): return .unspecified
        case (10, _, _, _): return .privateUse
        case (100, 64...127, _, _): return .sharedAddressSpace
        case (127, _, _, _): return .loopback
        case (172, 16...31, _, _): return .privateUse
        case (192, 0, 0, _), (192, 88, 99, _): return .protocolAssignments
        case (192, 0, 2, _), (198, 51, 100, _), (203, 0, 113, _): return .documentation
        case (192, 168, _, _): return .privateUse
        case (198, 18...19, _, _): return .benchmarking
        case (255, 255, 255, 255): return .broadcast
        case (224...239, _, _, _): return .multicast
        case (240...255, _, _, _): return .reserved
        default: return .global
        }
    }

    private static func ofIPv6(_ address: IPAddress) -> AddressClass {
        let b = address.bytes
        if b[0..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? .loopback : (b[15] == 0 ? .unspecified : .reserved) }
        if address == metadataV6 { return .cloudMetadata }
        if address.hasPrefix([0xFE, 0x80], length: 10) { return .linkLocal }
        if address.hasPrefix([0xFE, 0xC0], length: 10) { return .siteLocal }
        if address.hasPrefix([0xFC], length: 7) { return .uniqueLocal }
        if address.hasPrefix([0xFF], length: 8) { return .multicast }
        if address.hasPrefix([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01], length: 48) { return .localTranslation }
        if address.hasPrefix([0x20, 0x01, 0x0D, 0xB8], length: 32) { return .documentation }
        if address.hasPrefix([0x20], length: 3) { return .global }
        return .reserved
    }

    private static let metadataV6 = IPAddress(ipv6: [0xFD, 0, 0x0E, 0xC2] + [UInt8](repeating: 0, count: 10) + [0x02, 0x54])
}
