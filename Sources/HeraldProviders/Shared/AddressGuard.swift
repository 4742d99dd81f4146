import Foundation
import HeraldCore

/// Checks every destination before Herald connects: the URL or host:port must be well formed and each address its
/// host resolves to must pass the ``OutboundPolicy`` (classified by its bytes, so no spelling of an address slips
/// through). Hosts on the allowlist are always allowed. Messages never name the URL or the host.
public struct AddressGuard: OutboundGuard {
    /// What is refused.
    public let policy: OutboundPolicy
    private let resolution: HostResolutionCache
    /// URLs allowed within the life of a cached host resolution: a busy webhook URL is not parsed and checked
    /// again for every request. Refusals are never kept.
    private let allowed: ExpiringMap<Bool>

    /// Creates a guard; host names are resolved through `resolution` (address literals need no resolver).
    public init(denyPrivateNetwork: Bool = false, allowHosts: Set<String> = [], resolution: HostResolutionCache = .shared) {
        self.policy = OutboundPolicy(denyPrivateNetwork: denyPrivateNetwork, allowHosts: allowHosts)
        self.resolution = resolution
        self.allowed = resolution.allowedURLs()
    }

    /// Whether loopback and private ranges are refused too.
    public var denyPrivateNetwork: Bool { policy.denyPrivateNetwork }

    public func check(_ url: String) async throws {
        if allowed[url] != nil { return }
        try await check(OutboundTarget(url: url))
        allowed.store(true, for: url)
    }

    public func check(host: String, port: Int) async throws {
        try await check(OutboundTarget(host: host, port: port))
    }

    private func check(_ target: OutboundTarget) async throws {
        if policy.allowHosts.contains(target.host) { return }
        let addresses: [IPAddress]
        if let literal = IPAddress(target.host) {
            addresses = [literal]
        } else {
            addresses = try await resolution.addresses(for: target.host).compactMap { IPAddress($0) }
        }
        guard !addresses.isEmpty else { throw ProviderFailure(.connection, "the host cannot be resolved") }
        for address in addresses {
            if let reason = policy.refusal(for: address) { throw ProviderFailure.misconfigured(reason) }
        }
    }
}
