import HeraldCore

/// Every adapter Herald has, in one place, and the catalogue providers still waiting for one. Each channel keeps its
/// own list (``EmailAdapters``, ``SMSAdapters``, ``ChatAdapters``, ``PushAdapters``).
public enum ProviderRegistry {
    /// The adapters, over the shared provider client and the inbox.
    public static func adapters(http: ProviderHTTPClient, inbox: any InboxStore) -> [any ProviderAdapter] {
        let sender = HTTPSender(http: http)
        return [InAppProvider(inbox: inbox), WebhookProvider(sender: sender), GenericSMSProvider(sender: sender)]
            + EmailAdapters.all(http: http) + SMSAdapters.all(http: http) + ChatAdapters.all(http: http)
            + PushAdapters.all(http: http)
    }

    /// Catalogue providers without an adapter yet (the email, SMS and chat/push work shrinks this to the demo
    /// providers, which need Novu's own accounts).
    public static let pending: Set<String> = Set(["novu-email", "novu-sms", "novu-slack"])
        .union(EmailAdapters.pending).union(SMSAdapters.pending).union(ChatAdapters.pending).union(PushAdapters.pending)
}
