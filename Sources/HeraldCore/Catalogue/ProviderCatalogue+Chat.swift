extension ProviderCatalogue {
    /// The 12 chat providers of Novu's catalogue, in catalogue order, then Telegram and Google Chat (beyond Novu's list).
    static let chat: [ProviderDescriptor] = [
        ProviderDescriptor(id: "novu-slack", displayName: "Novu Slack", channel: .chat, credentials: [], beta: false),
        ProviderDescriptor(id: "slack", displayName: "Slack", channel: .chat, credentials: [
            .init("applicationId", required: true),
            .init("clientId", required: true),
            .init("secretKey", required: true, secret: true),
            .init("signingSecret", secret: true),
            .init("redirectUrl"),
            .init("hmac", kind: .switch),
            // Herald's: a bot token (xoxb-…, chat:write) for chat.postMessage to `to.channel`.
            .init("botToken", secret: true),
        ], beta: false),
        ProviderDescriptor(id: "discord", displayName: "Discord", channel: .chat, credentials: [], beta: false),
        ProviderDescriptor(id: "grafana-on-call", displayName: "Grafana On Call Webhook", channel: .chat, credentials: [
            .init("alertUid"),
            .init("title"),
            .init("imageUrl"),
            .init("state"),
            .init("externalLink"),
        ], beta: false),
        ProviderDescriptor(id: "msteams", displayName: "MSTeams", channel: .chat, credentials: [
            .init("clientId"),
            .init("secretKey", secret: true),
            .init("tenantId"),
            .init("redirectUrl"),
        ], beta: false),
        ProviderDescriptor(id: "mattermost", displayName: "Mattermost", channel: .chat, credentials: [], beta: false),
        ProviderDescriptor(id: "ryver", displayName: "Ryver", channel: .chat, credentials: [], beta: false),
        ProviderDescriptor(id: "zulip", displayName: "Zulip", channel: .chat, credentials: [], beta: false),
        ProviderDescriptor(id: "getstream", displayName: "GetStream", channel: .chat, credentials: [
            .init("apiKey", required: true, secret: true),
        ], beta: false),
        ProviderDescriptor(id: "rocket-chat", displayName: "Rocket.Chat", channel: .chat, credentials: [
            .init("token", required: true, secret: true),
            .init("user", required: true),
        ], beta: false),
        ProviderDescriptor(id: "whatsapp-business", displayName: "WhatsApp Business", channel: .chat, credentials: [
            .init("apiToken", required: true, secret: true),
            .init("phoneNumberIdentification", required: true),
            .init("secretKey", secret: true),
            .init("token", secret: true),
        ], beta: false),
        ProviderDescriptor(id: "chat-webhook", displayName: "Chat Webhook", channel: .chat, credentials: [
            .init("secretKey", secret: true),
        ], beta: true),
        ProviderDescriptor(id: "telegram", displayName: "Telegram", channel: .chat, credentials: [
            .init("botToken", required: true, secret: true),
        ], beta: false),
        ProviderDescriptor(id: "google-chat", displayName: "Google Chat", channel: .chat, credentials: [], beta: false),
    ]
}
