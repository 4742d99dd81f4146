import HeraldCore
import Testing

/// The outbound policy classifies the 16 bytes of an address, never its text (security issue, defects 1 and 8).
@Suite struct AddressClassTests {
    @Test func everySpellingIsClassifiedByItsBytes() throws {
        let open = OutboundPolicy()
        let closed = OutboundPolicy(denyPrivateNetwork: true)
        for (literal, expected, refusedByDefault, refusedWhenDenied) in AddressSpellings.table {
            let address = try #require(IPAddress(literal), "\(literal) parses")
            #expect(AddressClass.of(address) == expected, "\(literal)")
            #expect((open.refusal(for: address) != nil) == refusedByDefault, "\(literal) under the default policy")
            #expect((closed.refusal(for: address) != nil) == refusedWhenDenied, "\(literal) with --deny-private-network")
            #expect(IPAddress("[\(literal)]") == address, "brackets do not change \(literal)")
        }
    }

    @Test func hostNamesAndGarbageAreNotAddresses() {
        for text in ["example.com", "127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.5", "::ffff:1.2.3", "[::1", "", "fe80::1%"] {
            #expect(IPAddress(text) == nil || text == "fe80::1%", "\(text)")
        }
        #expect(IPAddress("fe80::1%eth0").map(AddressClass.of) == .linkLocal, "a zone does not change the class")
    }

    @Test func targetsNeverEchoTheHostAndCheckPorts() throws {
        #expect(try OutboundTarget(url: "https://API.Example.com./v3").host == "api.example.com")
        #expect(try OutboundTarget(url: "https://api.example.com/v3").port == 443)
        #expect(try OutboundTarget(url: "http://[::ffff:7f00:1]:8080/x").host == "::ffff:7f00:1")
        #expect(try OutboundTarget(host: "smtp.example.com", port: 587).port == 587)
        for (host, port) in [("smtp.example.com", 0), ("smtp.example.com", 65_536), ("bad host", 25), ("a..b", 25), ("", 25)] {
            #expect(throws: ProviderFailure.self) { try OutboundTarget(host: host, port: port) }
        }
        for url in ["file:///etc/passwd", "gopher://secret-host.example/", "http://", "http://secret%2ehost.example/",
                    "http://secret host.example/"] {
            do {
                _ = try OutboundTarget(url: url)
                Issue.record("\(url) was accepted")
            } catch let failure as ProviderFailure {
                #expect(!failure.message.contains("secret"), "the message names no part of the URL: \(failure.message)")
            }
        }
    }
}
