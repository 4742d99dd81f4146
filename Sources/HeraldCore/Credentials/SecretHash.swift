import Crypto
import Foundation

/// SHA-256 hex digests: API keys and admin tokens are stored only in this form.
public enum SecretHash {
    /// The lowercase hex SHA-256 of a secret's UTF-8 bytes.
    public static func sha256Hex(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }
}
