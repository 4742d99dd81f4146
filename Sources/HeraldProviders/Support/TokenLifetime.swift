/// An access token's lifetime as a provider states it (`expires_in`, seconds), bounded so that an absurd or hostile
/// value (`1e30`, negative, NaN) can neither overflow a clock computation nor keep a token forever.
public enum TokenLifetime {
    /// `expires_in` within 60 s … 24 h; 3600 s when missing or not a finite number.
    public static func clamped(_ seconds: Double?) -> Int {
        guard let seconds, seconds.isFinite else { return 3600 }
        return Int(min(max(seconds, 60), 86_400))
    }
}
