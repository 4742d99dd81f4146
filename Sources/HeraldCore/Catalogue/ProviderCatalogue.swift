/// Every provider Herald knows, with its channel and credential schema (Novu's catalogue, §7 of the reference).
public enum ProviderCatalogue {
    /// All providers, email first, then sms, chat, push and in-app.
    public static let all: [ProviderDescriptor] = email + sms + chat + push + inApp

    private static let byId: [String: ProviderDescriptor] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.id, $0) }
    )

    /// The provider with that id, if any.
    public static func provider(id: String) -> ProviderDescriptor? { byId[id] }

    /// Novu's hosted demo providers, which need Novu's own accounts and so cannot be created on Herald.
    public static let demoProviderIds: Set<String> = ["novu-email", "novu-sms", "novu-slack"]

    /// The in-app provider, of which an environment may hold one.
    public static let inAppProviderId = "novu"
}
