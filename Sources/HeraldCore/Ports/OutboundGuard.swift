/// Checks every destination that comes from callers or integrations before Herald connects to it.
public protocol OutboundGuard: Sendable {
    /// Throws ``ProviderFailure/permanent(_:)`` when the URL is not http(s) or its host resolves to a refused address.
    func check(_ url: String) async throws
    /// The same check for a host and port of a non-HTTP protocol (SMTP).
    func check(host: String, port: Int) async throws
}
