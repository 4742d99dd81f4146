import Foundation
import HeraldCore
import HeraldSMTP
import NIOCore

/// SMTP: `nodemailer` (Custom SMTP) and `outlook365` (submission to smtp.office365.com:587, STARTTLS required, AUTH
/// with `from` / `password`). Each integration's session keeps a connection pool; the message is Herald's own MIME
/// (``MIMEMessage``), DKIM-signed when `domain`, `secretKey` and `accountSid` are set, and its `Message-ID` is the
/// message id. Every host:port passes the outbound guard before a connection is opened. Replies are classified:
/// 4xx retryable, 5xx permanent, 535 bad credentials; a refused recipient is reported while the others get the mail.
public struct SMTPAdapter: ProviderAdapter {
    public let providerIds = ["nodemailer", "outlook365"]
    let outbound: any OutboundGuard
    let connect: @Sendable (SMTPConfiguration) async throws -> SMTPConnection
    /// Extra CA certificates trusted for TLS (`--ca-file`).
    let trustRoots: TrustRoots

    /// Creates the adapter; every host:port is checked by `outbound` first, and `trustRoots` are trusted for TLS on
    /// top of the system's CAs.
    public init(outbound: any OutboundGuard, trustRoots: TrustRoots = .system) {
        self.outbound = outbound
        self.trustRoots = trustRoots
        self.connect = { try await SMTPConnection.connect($0) }
    }

    public func credentialKeys(for providerId: String) -> Set<String> {
        providerId == "outlook365"
            ? ["password", "from", "senderName", "baseUrl"]
            : ["user", "password", "host", "port", "secure", "requireTls", "ignoreTls", "tlsOptions", "domain", "secretKey",
               "accountSid", "from", "senderName"]
    }

    public func makeSession(for integration: Integration) async throws -> any ProviderSession {
        let credentials = CredentialReader(integration.credentials)
        var configuration = try integration.providerId == "outlook365"
            ? Self.outlook(credentials) : Self.custom(credentials, values: integration.credentials.values)
        configuration.additionalTrustRoots = trustRoots.certificates
        var dkim: DKIMSigner?
        if let domain = credentials.optional("domain"), let key = credentials.optional("secretKey"),
            let selector = credentials.optional("accountSid"), integration.providerId == "nodemailer"
        {
            dkim = try DKIMSigner(domain: domain, selector: selector, privateKeyPEM: key)
        }
        return SMTPSession(
            providerId: integration.providerId, configuration: configuration, outbound: outbound,
            from: try credentials.required("from"), senderName: credentials.optional("senderName"), dkim: dkim,
            pool: SMTPPool(configuration, connect: connect))
    }

    /// Custom SMTP from its credentials, as nodemailer reads them.
    static func custom(_ credentials: CredentialReader, values: [String: JSONValue]) throws -> SMTPConfiguration {
        let host = try credentials.required("host")
        let portValue = values["port"]
        guard let port = portValue?.numberValue.flatMap({ Int(exactly: $0) }) ?? credentials.optional("port").flatMap({ Int($0) }),
            (1...65535).contains(port)
        else { throw ProviderFailure.misconfigured("credentials.port must be a port number (1-65535)") }
        let secure = credentials.bool("secure") ?? (port == 465)  // nodemailer: port 465 means implicit TLS
        let security: SMTPConfiguration.Security = secure ? .implicitTLS
            : credentials.bool("ignoreTls") == true ? .none : .startTLS(required: credentials.bool("requireTls") == true)
        var configuration = SMTPConfiguration(host: host, port: port, security: security)
        configuration.heloName = host  // nodemailer sets `name` to the host credential
        // tlsOptions (an object, or its JSON text): rejectUnauthorized and servername, for implicit TLS and STARTTLS.
        var options = values["tlsOptions"]
        if let text = options?.stringValue { options = try? JSONValue.parse(Data(text.utf8)) }
        if options?.value(atPath: "rejectUnauthorized") == .bool(false) { configuration.verifyCertificate = false }
        if let name = options?.value(atPath: "servername")?.stringValue, !name.isEmpty { configuration.serverName = name }
        if let user = credentials.optional("user"), let password = credentials.optional("password") {
            configuration.username = user
            configuration.password = password
        }
        return configuration
    }

    /// Outlook 365: SMTP submission with STARTTLS required; `baseUrl` (`smtp://host:port`) overrides the server.
    static func outlook(_ credentials: CredentialReader) throws -> SMTPConfiguration {
        var host = "smtp.office365.com"
        var port = 587
        if let base = credentials.optional("baseUrl") {
            guard let url = URLComponents(string: base), url.scheme == "smtp", let name = url.host, !name.isEmpty else {
                throw ProviderFailure.misconfigured("credentials.baseUrl must be smtp://host:port for outlook365")
            }
            host = name
            port = url.port ?? 587
        }
        var configuration = SMTPConfiguration(host: host, port: port, security: .startTLS(required: true))
        configuration.username = try credentials.required("from")
        configuration.password = try credentials.required("password")
        return configuration
    }
}

/// One SMTP integration: its pool, sender and DKIM key.
struct SMTPSession: ProviderSession {
    let providerId: String
    let configuration: SMTPConfiguration
    let outbound: any OutboundGuard
    let from: String
    let senderName: String?
    let dkim: DKIMSigner?
    let pool: SMTPPool

    func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(var email) = message else { throw ProviderFailure.misconfigured("\(providerId) sends email only") }
        if providerId == "outlook365" {
            // Outlook 365 sends as the authenticated mailbox.
            email.from = nil
        }
        try await outbound.check(host: configuration.host, port: configuration.port)
        let sender = email.from ?? from
        let mime = MIMEMessage(email, from: sender, senderName: email.senderName ?? senderName)
        var bytes = mime.bytes
        if let dkim { bytes = try dkim.sign(bytes) }
        let recipients = email.to + email.cc + email.bcc
        let payload = bytes
        // The attempt's deadline bounds every SMTP wait, so a slow server cannot outlive the attempt.
        let deadline = NIODeadline.now() + .nanoseconds(Int64(context.remaining / .nanoseconds(1)))
        do {
            let delivery = try await pool.with { connection in
                try Task.checkCancellation()
                return try await connection.send(from: sender, recipients: recipients, message: payload, deadline: deadline)
            }
            let refused = delivery.refused.map { refusal in
                ProviderReceipt.Recipient(address: refusal.recipient, failure: Self.failure(SMTPError(.reply(refusal.reply), "\(refusal.reply)")))
            }
            return ProviderReceipt(messageId: "<\(mime.messageId)>", recipients: refused)
        } catch let error as SMTPError {
            throw Self.failure(error)
        }
    }

    func check() async throws -> CheckResult {
        try await outbound.check(host: configuration.host, port: configuration.port)
        do {
            // Connect, EHLO, STARTTLS, AUTH (all in connect), then QUIT.
            let connection = try await SMTPConnection.connect(configuration)
            await connection.quit()
            return .passed
        } catch let error as SMTPError {
            throw Self.failure(error)
        }
    }

    func shutdown() async { await pool.shutdown() }

    /// An SMTP error as a provider failure: 4xx retryable, 5xx permanent (550-553 on a recipient: invalid
    /// recipient), authentication refused: bad credentials, TLS: misconfigured.
    static func failure(_ error: SMTPError) -> ProviderFailure {
        switch error.kind {
        case .connection: return ProviderFailure(.connection, error.message)
        case .timeout: return ProviderFailure(.timeout, error.message)
        case .tls: return .misconfigured(error.message)
        case .authentication: return ProviderFailure(.badCredentials, error.message)
        case .message: return ProviderFailure(.rejected, error.message)
        case .protocolViolation: return ProviderFailure(.providerUnavailable, error.message)
        case .reply(let reply):
            let code = String(reply.code)
            if reply.code == 421 || reply.code == 450 || reply.code == 451 || reply.code == 452 {
                return ProviderFailure(reply.code == 452 ? .rateLimited : .providerUnavailable, error.message, providerCode: code)
            }
            if reply.isTransient { return ProviderFailure(.unknown, error.message, providerCode: code) }
            if reply.code == 535 || reply.code == 530 { return ProviderFailure(.badCredentials, error.message, providerCode: code) }
            if (550...553).contains(reply.code) { return ProviderFailure(.invalidRecipient, error.message, providerCode: code) }
            return ProviderFailure(.rejected, error.message, providerCode: code)
        }
    }
}
