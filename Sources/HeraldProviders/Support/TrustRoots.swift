import Foundation
import NIOSSL

/// Extra CA certificates trusted for outbound TLS on top of the system's (`--ca-file` / `HERALD_CA_FILE`): for
/// self-hosted gateways behind a private CA, and for TLS fakes in tests. The same roots go to every provider request
/// (``ProviderHTTPClient/makeClient(trustRoots:)``) and to SMTP connections.
public struct TrustRoots: Sendable {
    /// The certificates, in file order.
    public let certificates: [NIOSSLCertificate]

    /// No extra roots: the system's trust store only.
    public static let system = TrustRoots(certificates: [])

    /// Wraps certificates already parsed.
    public init(certificates: [NIOSSLCertificate]) { self.certificates = certificates }

    /// Whether there are no extra roots.
    public var isEmpty: Bool { certificates.isEmpty }

    /// Loads every certificate of a PEM file; an unreadable file, a file without a PEM certificate or a malformed one
    /// throws a ``TrustRootsError`` whose message names the file and what is wrong, in one line.
    public static func load(caFile path: String) throws -> TrustRoots {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw TrustRootsError(message: "CA file \(path) cannot be read (\(reason.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw TrustRootsError(message: "CA file \(path) holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw TrustRootsError(message: "CA file \(path) holds a certificate that is not valid PEM")
        }
        let blocks = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
        guard !certificates.isEmpty, certificates.count == blocks else {
            throw TrustRootsError(message: "CA file \(path) holds a certificate that is not valid PEM")
        }
        return TrustRoots(certificates: certificates)
    }
}

/// Why a CA file could not be used; the message is one line naming the file.
public struct TrustRootsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    public var description: String { message }
}
