/// Checks URLs that come from callers or integrations before Herald sends anything to them.
public protocol OutboundGuard: Sendable {
    /// Throws ``ProviderFailure/permanent(_:)`` when the URL's host resolves to a refused address.
    func check(_ url: String) async throws
}
