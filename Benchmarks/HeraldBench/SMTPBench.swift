import Foundation
import HeraldCore
import HeraldProviders
import HeraldSMTP
import Logging

/// The SMTP benchmark's Herald clients (scripts/bench/smtp.sh), all sending the same small text email to the sink.
enum SMTPBench {
    static let from = "bench@herald.local"
    static let senderName = "Herald Bench"
    static let recipient = "sink@herald.local"

    /// The email every client sends.
    static var email: EmailMessage {
        EmailMessage(
            to: [recipient], subject: "Herald SMTP benchmark",
            text: "A small text email from herald-bench.\nIt has two lines and nothing else.\n")
    }

    /// The MIME document Herald makes of it (what the plain client sends too).
    static func document() -> [UInt8] {
        MIMEMessage(email, from: from, senderName: senderName).bytes
    }

    /// Herald's SMTP adapter, used as the engine uses it: one `nodemailer` integration, one session (so one pool:
    /// at most 4 connections, reused after RSET) shared by `concurrency` senders. Returns the seconds taken.
    static func pooled(host: String, port: Int, count: Int, concurrency: Int) async throws -> Double {
        let integration = Integration(
            id: "000000000000000000000b01", environmentId: "000000000000000000000e01", organizationId: "000000000000000000000a01",
            name: "bench", identifier: "bench-smtp", providerId: "nodemailer", channel: .email,
            credentials: Credentials([
                "host": .string(host), "port": .number(Double(port)), "ignoreTls": .bool(true),
                "from": .string(from), "senderName": .string(senderName),
            ]),
            active: true, createdAt: Date(), updatedAt: Date())
        let session = try await SMTPAdapter(outbound: AddressGuard()).makeSession(for: integration)
        let logger = {
            var logger = Logger(label: "herald-bench.smtp")
            logger.logLevel = .warning
            return logger
        }()
        let message = ChannelMessage.email(email)
        let start = ContinuousClock.now
        try await parallel(count: count, concurrency: concurrency) { index in
            let receipt = try await session.send(message, context: SendContext(deliveryId: "bench-\(index)", logger: logger))
            precondition(receipt.failedRecipients.isEmpty, "the sink refused a recipient")
        }
        let elapsed = seconds(since: start)
        await session.shutdown()
        return elapsed
    }

    /// Herald's SMTP client without the pool: per message a new connection (connect, greeting, EHLO), MAIL, RCPT,
    /// DATA, QUIT; the MIME document is built per message as the adapter does. Returns the seconds taken.
    static func perMessage(host: String, port: Int, count: Int, concurrency: Int) async throws -> Double {
        let configuration = {
            var configuration = SMTPConfiguration(host: host, port: port, security: .none)
            configuration.heloName = host  // as the adapter does
            return configuration
        }()
        let start = ContinuousClock.now
        try await parallel(count: count, concurrency: concurrency) { _ in
            let connection = try await SMTPConnection.connect(configuration)
            let document = MIMEMessage(email, from: from, senderName: senderName).bytes
            _ = try await connection.send(from: from, recipients: [recipient], message: document)
            await connection.quit()
        }
        return seconds(since: start)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
