import HeraldCore

/// The chat adapters (besides Novu's chat webhook), and the chat providers still waiting for one.
public enum ChatAdapters {
    /// One adapter per chat provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        [
            SlackAdapter(http: http), DiscordAdapter(http: http), MSTeamsAdapter(http: http), MattermostAdapter(http: http),
            RocketChatAdapter(http: http), ZulipAdapter(http: http), RyverAdapter(http: http),
            GrafanaOnCallAdapter(http: http), WhatsAppBusinessAdapter(http: http), TelegramAdapter(http: http),
            GoogleChatAdapter(http: http), GetStreamAdapter(http: http),
        ]
    }

    /// Chat providers without an adapter yet.
    public static let pending: Set<String> = []
}
