import Foundation

/// A host and port Herald is about to connect to, taken from a URL (`http`/`https`) or given directly (SMTP and
/// other non-HTTP protocols). Its messages never repeat the URL or the host: both may be secret.
public struct OutboundTarget: Sendable, Hashable {
    /// The host, lowercased, without IPv6 brackets.
    public let host: String
    /// The port (1–65535).
    public let port: Int

    /// A target from a host and port; throws a permanent ``ProviderFailure`` for an invalid host or port.
    public init(host: String, port: Int) throws {
        guard (1...65_535).contains(port) else { throw ProviderFailure.misconfigured("the port must be from 1 to 65535") }
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix("."), name.count > 1 { name.removeLast() }
        guard IPAddress(name) != nil || Self.isHostName(name) else {
            throw ProviderFailure.misconfigured("the host is not a valid host name or address")
        }
        self.host = name
        self.port = port
    }

    /// The target of an `http` or `https` URL; throws a permanent ``ProviderFailure`` for anything else.
    public init(url: String) throws {
        guard url.utf8.count <= 8192, let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.percentEncodedHost, !host.isEmpty
        else { throw ProviderFailure.misconfigured("not an http(s) URL") }
        guard !host.contains("%") else { throw ProviderFailure.misconfigured("the URL's host is not a valid host name or address") }
        try self.init(host: host, port: components.port ?? (scheme == "https" ? 443 : 80))
    }

    /// Letters, digits, `-` and `_` in dot-separated labels of 1–63 characters, 253 characters at most.
    static func isHostName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        var label = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "."):
                guard label > 0 else { return false }
                label = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                UInt8(ascii: "_"):
                label += 1
                guard label <= 63 else { return false }
            default:
                return false
            }
        }
        return label > 0
    }
}

/// Which destinations are refused: link-local, cloud-metadata, multicast, broadcast and reserved addresses always;
/// loopback, private and the other special-purpose ranges when `denyPrivateNetwork` is set. Allowed hosts pass.
public struct OutboundPolicy: Sendable, Hashable {
    /// Whether loopback and private ranges are refused too (multi-tenant deployments).
    public let denyPrivateNetwork: Bool
    /// Hosts (lowercased) that are always allowed.
    public let allowHosts: Set<String>

    /// Creates a policy.
    public init(denyPrivateNetwork: Bool = false, allowHosts: Set<String> = []) {
        self.denyPrivateNetwork = denyPrivateNetwork
        self.allowHosts = Set(allowHosts.map { $0.lowercased() })
    }

    /// Why connecting to `address` is refused, or nil when it is allowed.
    public func refusal(for address: IPAddress) -> String? {
        let kind = AddressClass.of(address)
        if kind.alwaysRefused { return "outbound request refused: the host is a \(kind.rawValue) address" }
        if denyPrivateNetwork, kind.isPrivateNetwork {
            return "outbound request refused: the host is a \(kind.rawValue) address (--deny-private-network)"
        }
        return nil
    }
}
