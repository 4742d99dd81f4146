import HeraldCore

/// Address spellings for the outbound guard's table tests (the security issue's probe and its range gaps).
enum AddressSpellings {
    /// Every spelling the probe used, and the ranges it found missing: (literal, class, refused by default,
    /// refused with --deny-private-network).
    static let table: [(String, AddressClass, Bool, Bool)] = [
        // Loopback and unspecified in other spellings (defect 1): allowed by default, refused when private is denied.
        ("::ffff:7f00:1", .loopback, false, true),
        ("0:0:0:0:0:ffff:127.0.0.1", .loopback, false, true),
        ("0:0:0:0:0:0:0:1", .loopback, false, true),
        ("::0:1", .loopback, false, true),
        ("::1", .loopback, false, true),
        ("::0", .unspecified, false, true),
        ("::", .unspecified, false, true),
        ("127.0.0.1", .loopback, false, true),
        ("0.0.0.0", .unspecified, false, true),
        // Cloud metadata in other spellings (defect 1): refused always.
        ("::ffff:a9fe:a9fe", .cloudMetadata, true, true),
        ("0:0:0:0:0:ffff:a9fe:a9fe", .cloudMetadata, true, true),
        ("::0:ffff:169.254.169.254", .cloudMetadata, true, true),
        ("fd00:ec2:0::254", .cloudMetadata, true, true),
        ("fd00:0ec2::254", .cloudMetadata, true, true),
        ("fd00:ec2::254", .cloudMetadata, true, true),
        ("169.254.169.254", .cloudMetadata, true, true),
        ("100.100.100.200", .cloudMetadata, true, true),
        ("169.254.1.1", .linkLocal, true, true),
        ("fe80::1", .linkLocal, true, true),
        ("febf::1", .linkLocal, true, true),
        // Range gaps (defect 8).
        ("198.18.0.1", .benchmarking, false, true),
        ("198.19.255.255", .benchmarking, false, true),
        ("224.0.0.1", .multicast, true, true),
        ("239.255.255.250", .multicast, true, true),
        ("255.255.255.255", .broadcast, true, true),
        ("240.0.0.1", .reserved, true, true),
        ("192.0.0.8", .protocolAssignments, false, true),
        ("192.0.0.170", .protocolAssignments, false, true),
        ("fec0::1", .siteLocal, false, true),
        ("ff02::1", .multicast, true, true),
        // IPv4 embedded in IPv6: classified as the IPv4 address it reaches.
        ("64:ff9b::7f00:1", .loopback, false, true),            // NAT64
        ("64:ff9b::169.254.169.254", .cloudMetadata, true, true),
        ("64:ff9b::a00:1", .privateUse, false, true),
        ("2002:7f00:1::", .loopback, false, true),              // 6to4
        ("2002:a9fe:a9fe::1", .cloudMetadata, true, true),
        ("2002:c0a8:101::1", .privateUse, false, true),
        ("::127.0.0.1", .loopback, false, true),                // IPv4-compatible
        ("::169.254.169.254", .cloudMetadata, true, true),
        ("::a00:1", .privateUse, false, true),
        ("::ffff:0:127.0.0.1", .loopback, false, true),         // IPv4-translated
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", .loopback, false, true), // Teredo client 127.0.0.1
        ("64:ff9b:1::1", .localTranslation, false, true),
        // Private ranges.
        ("10.1.2.3", .privateUse, false, true),
        ("172.16.0.1", .privateUse, false, true),
        ("172.31.255.255", .privateUse, false, true),
        ("192.168.1.1", .privateUse, false, true),
        ("100.64.0.1", .sharedAddressSpace, false, true),
        ("fc00::1", .uniqueLocal, false, true),
        ("fd12:3456::1", .uniqueLocal, false, true),
        ("192.0.2.1", .documentation, false, true),
        ("2001:db8::1", .documentation, false, true),
        // Public addresses pass both policies.
        ("8.8.8.8", .global, false, false),
        ("172.32.0.1", .global, false, false),
        ("100.128.0.1", .global, false, false),
        ("2606:4700:4700::1111", .global, false, false),
        ("::ffff:8.8.8.8", .global, false, false),
        ("2002:808:808::1", .global, false, false),
        ("64:ff9b::808:808", .global, false, false),
    ]
}
