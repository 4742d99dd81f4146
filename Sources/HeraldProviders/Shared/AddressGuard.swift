import Foundation
import HeraldCore
#if canImport(Glibc)
import Glibc
#endif

/// Resolves a URL's host and refuses link-local and cloud-metadata addresses always, and loopback and private
/// ranges when `denyPrivateNetwork` is set; hosts on the allowlist are always allowed.
public struct AddressGuard: OutboundGuard {
    /// Whether loopback and private ranges are refused too (multi-tenant deployments).
    public let denyPrivateNetwork: Bool
    /// Hosts that are always allowed.
    public let allowHosts: Set<String>
    private let resolution: HostResolutionCache
    /// URLs allowed within the life of a cached host resolution: a busy webhook URL is not parsed and checked
    /// again for every request. Refusals are never kept.
    private let allowed: ExpiringMap<Bool>

    /// Creates a guard; host names are resolved through `resolution` (address literals need no resolver).
    public init(denyPrivateNetwork: Bool = false, allowHosts: Set<String> = [], resolution: HostResolutionCache = .shared) {
        self.denyPrivateNetwork = denyPrivateNetwork
        self.allowHosts = Set(allowHosts.map { $0.lowercased() })
        self.resolution = resolution
        self.allowed = resolution.allowedURLs()
    }

    public func check(_ url: String) async throws {
        if allowed[url] != nil { return }
        try await evaluate(url)
        allowed.store(true, for: url)
    }

    private func evaluate(_ url: String) async throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { throw ProviderFailure.permanent("not an http(s) URL") }
        if allowHosts.contains(host) { return }
        let addresses = try await resolve(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")))
        guard !addresses.isEmpty else { throw ProviderFailure.retryable("cannot resolve \(host)") }
        for address in addresses {
            if let reason = refusal(for: address) {
                throw ProviderFailure.permanent("\(host) resolves to \(reason) address \(address)")
            }
        }
    }

    /// Why an address is refused, or nil when it is allowed.
    public func refusal(for address: String) -> String? {
        if address.contains(":") {
            let lower = address.lowercased()
            if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") {
                return "a link-local"
            }
            if lower == "fd00:ec2::254" { return "a cloud-metadata" }
            if lower.hasPrefix("::ffff:") { return refusal(for: String(lower.dropFirst(7))) }
            if denyPrivateNetwork, lower == "::1" || lower == "::" || lower.hasPrefix("fc") || lower.hasPrefix("fd") {
                return "a private"
            }
            return nil
        }
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return "an unparsable" }
        if octets[0] == 169 && octets[1] == 254 { return "a link-local or cloud-metadata" }
        if octets[0] == 100 && octets[1] == 100 && octets[2] == 100 && octets[3] == 200 { return "a cloud-metadata" }
        guard denyPrivateNetwork else { return nil }
        if octets[0] == 127 || octets[0] == 0 || octets[0] == 10 { return "a private" }
        if octets[0] == 172 && (16...31).contains(octets[1]) { return "a private" }
        if octets[0] == 192 && octets[1] == 168 { return "a private" }
        if octets[0] == 100 && (64...127).contains(octets[1]) { return "a private" }
        return nil
    }

    private func resolve(_ host: String) async throws -> [String] {
        // An address literal needs no resolver (and no thread).
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return [host] }
        if inet_pton(AF_INET6, host, &v6) == 1 { return [host.lowercased()] }
        return try await resolution.addresses(for: host)
    }

    /// Resolves a host name with the system resolver (getaddrinfo on a thread of its own: it blocks).
    public static func systemResolve(_ host: String) async throws -> [String] {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else {
                    continuation.resume(throwing: ProviderFailure.retryable("cannot resolve \(host)"))
                    return
                }
                defer { freeaddrinfo(first) }
                var addresses: [String] = []
                var cursor: UnsafeMutablePointer<addrinfo>? = first
                while let info = cursor {
                    var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                    if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count),
                                   nil, 0, NI_NUMERICHOST) == 0 {
                        addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
                    }
                    cursor = info.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}
