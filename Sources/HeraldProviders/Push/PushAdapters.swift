import HeraldCore

/// The push adapters (besides Novu's push webhook), and the push providers still waiting for one.
public enum PushAdapters {
    /// One adapter per push provider Herald sends through.
    public static func all(http: ProviderHTTPClient) -> [any ProviderAdapter] {
        [
            ExpoAdapter(http: http), OneSignalAdapter(http: http), PusherBeamsAdapter(http: http),
            PushpadAdapter(http: http), AppIOAdapter(http: http), FCMAdapter(http: http), APNsAdapter(http: http),
        ]
    }

    /// Push providers without an adapter yet.
    public static let pending: Set<String> = []
}
