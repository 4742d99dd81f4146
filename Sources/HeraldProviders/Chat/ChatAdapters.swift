import HeraldCore

/// The chat adapters (besides Novu's chat webhook), and the chat providers still waiting for one.
public enum ChatAdapters {
    /// One adapter per chat provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        []
    }

    /// Chat providers without an adapter yet.
    public static let pending: Set<String> = [
        "discord", "getstream", "grafana-on-call", "mattermost", "msteams", "rocket-chat", "ryver", "slack",
        "whatsapp-business", "zulip",
    ]
}
