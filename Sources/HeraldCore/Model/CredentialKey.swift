/// The credential keys an integration may carry: the 45 of Novu's Integration reference plus the catalogue's extras.
public enum CredentialKey {
    /// The JSON type a credential key takes.
    public enum ValueType: String, Sendable {
        case string, boolean, object
    }

    /// Every key of the reference's `CredentialsDto`, in its order.
    public static let referenceKeys: [String] = [
        "apiKey", "user", "secretKey", "domain", "password", "host", "port", "secure", "region", "accountSid",
        "messageProfileId", "token", "from", "senderName", "projectName", "applicationId", "clientId", "requireTls",
        "ignoreTls", "tlsOptions", "baseUrl", "webhookUrl", "redirectUrl", "hmac", "serviceAccount", "ipPoolName",
        "apiKeyRequestHeader", "secretKeyRequestHeader", "idPath", "datePath", "apiToken", "authenticateByToken",
        "authenticationTokenKey", "instanceId", "alertUid", "title", "imageUrl", "state", "channelId",
        "phoneNumberIdentification", "accessKey", "appSid", "senderId", "tenantId", "appIOBaseUrl",
    ]

    /// Keys the provider catalogue needs beyond the reference (Novu's `CredentialsKeyEnum`).
    public static let catalogueKeys: [String] = [
        "contentType", "apiURL", "appID", "externalLink", "apiVersion", "servicePlanId", "signingSecret",
        "AppIOSubscriptionId", "AppIOBearerToken", "AppIOOriginalSignature",
        // Herald's: the bot token of Slack's chat.postMessage and Telegram's Bot API.
        "botToken",
    ]

    /// Every accepted key.
    public static let allKeys: [String] = referenceKeys + catalogueKeys

    private static let booleanKeys: Set<String> = ["secure", "requireTls", "ignoreTls", "hmac", "authenticateByToken"]
    private static let objectKeys: Set<String> = ["tlsOptions"]
    private static let known: Set<String> = Set(allKeys)
    /// Alternative spellings accepted on input and stored under the reference spelling.
    private static let aliases: [String: String] = ["AppIOBaseUrl": "appIOBaseUrl"]

    /// The stored spelling of a key (maps Novu's `AppIOBaseUrl` to the reference's `appIOBaseUrl`).
    public static func canonical(_ key: String) -> String { aliases[key] ?? key }

    /// The value type of a known key, or nil for an unknown key.
    public static func type(of key: String) -> ValueType? {
        guard known.contains(key) else { return nil }
        if booleanKeys.contains(key) { return .boolean }
        if objectKeys.contains(key) { return .object }
        return .string
    }
}
