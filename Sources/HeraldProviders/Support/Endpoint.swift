import Foundation
import HeraldCore

/// A provider's documented API root, its regional roots, and the `credentials.baseUrl` override: when set, the
/// override's scheme, host and port (and path prefix, if it has one) replace the documented root's, while the
/// documented path stays, so tests and self-hosted gateways can point anywhere. Every URL made here still goes
/// through the outbound guard when it is used.
public struct Endpoint: Sendable {
    /// The documented root, e.g. `https://api.sendgrid.com`.
    public let root: String
    /// Roots by region name, e.g. `["eu": "https://api.eu.sendgrid.com"]`.
    public let regions: [String: String]

    /// Creates an endpoint.
    public init(_ root: String, regions: [String: String] = [:]) {
        self.root = root
        self.regions = regions
    }

    /// The URL of a documented path (`/v3/mail/send`) for these credentials; `region` picks a regional root.
    public func url(_ path: String, credentials: Credentials, region: String? = nil) throws -> String {
        let documented = region.flatMap { regions[$0.lowercased()] } ?? root
        let base = credentials[string: "baseUrl"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !base.isEmpty else { return documented + path }
        guard let override = URLComponents(string: base), let scheme = override.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = override.percentEncodedHost, !host.isEmpty,
            var target = URLComponents(string: documented)
        else { throw ProviderFailure.misconfigured("credentials.baseUrl must be an http(s) URL") }
        target.scheme = scheme
        target.percentEncodedHost = host
        target.port = override.port
        let prefix = override.percentEncodedPath.hasSuffix("/") ? String(override.percentEncodedPath.dropLast()) : override.percentEncodedPath
        target.percentEncodedPath = prefix + target.percentEncodedPath
        guard let made = target.string else { throw ProviderFailure.misconfigured("credentials.baseUrl must be an http(s) URL") }
        return made + path
    }
}

/// Reads an integration's credentials for an adapter: required keys throw a misconfiguration failure naming the
/// key; blank strings count as missing.
public struct CredentialReader: Sendable {
    public let credentials: Credentials

    /// Creates a reader.
    public init(_ credentials: Credentials) { self.credentials = credentials }

    /// A non-blank string credential, or a `misconfigured` failure naming it.
    public func required(_ key: String) throws -> String {
        guard let value = optional(key) else { throw ProviderFailure.misconfigured("credentials.\(key) is missing") }
        return value
    }

    /// A non-blank string credential (trimmed), or nil.
    public func optional(_ key: String) -> String? {
        guard let value = credentials[string: key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
        else { return nil }
        return value
    }

    /// A boolean credential (`true`/`false` or the strings), or nil.
    public func bool(_ key: String) -> Bool? {
        if let flag = credentials[bool: key] { return flag }
        switch optional(key)?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}
