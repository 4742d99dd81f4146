extension ProviderCatalogue {
    /// The single in-app provider of Novu's catalogue: the Novu Inbox.
    static let inApp: [ProviderDescriptor] = [
        ProviderDescriptor(id: "novu", displayName: "Novu Inbox", channel: .inApp, credentials: [
            .init("hmac", kind: .switch),
        ], beta: false),
    ]
}
