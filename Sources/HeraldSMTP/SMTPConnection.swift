import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// How to reach and talk to an SMTP server.
public struct SMTPConfiguration: Sendable {
    /// Transport security.
    public enum Security: Sendable, Hashable {
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicitTLS
        /// Plain connect, then STARTTLS when the server offers it; `required`: always try it, and refuse to go on
        /// without it.
        case startTLS(required: Bool)
        /// Never upgrade (`ignoreTls`).
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// Verify the server's certificate chain and name (false: accept any certificate, e.g. self-signed).
    public var verifyCertificate = true
    /// The TLS server name (SNI and verification); the host when it is a name.
    public var serverName: String?
    /// CA certificates trusted on top of the system's (Herald's `--ca-file`).
    public var additionalTrustRoots: [NIOSSLCertificate] = []
    /// The EHLO argument.
    public var heloName = "localhost"
    /// AUTH credentials; both or neither.
    public var username: String?
    public var password: String?
    public var connectTimeout: TimeAmount = .seconds(15)
    /// The greeting and each command's reply.
    public var commandTimeout: TimeAmount = .seconds(20)
    /// The reply to the end of DATA (the server may scan the message first).
    public var dataTimeout: TimeAmount = .seconds(120)

    /// Creates a configuration.
    public init(host: String, port: Int, security: Security) {
        self.host = host
        self.port = port
        self.security = security
    }
}

/// What the server did with one message: the recipients it accepted and those it refused (with its reply).
public struct SMTPDelivery: Sendable {
    public let accepted: [String]
    public let refused: [(recipient: String, reply: SMTPReply)]
    /// The final reply to DATA (its text often carries the server's queue id).
    public let reply: SMTPReply
}

/// One SMTP session: connected, greeted, upgraded to TLS as configured, authenticated. Sends messages one at a time
/// (callers serialise; a pool hands each connection to one sender), pipelines MAIL and RCPT when the server offers
/// PIPELINING, and can be reset (RSET) for the next message.
public final class SMTPConnection: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<SMTPReplyHandler>
    /// EHLO keywords (uppercased) and their parameters, as the server offered them after TLS.
    public let extensions: [String: String]
    let configuration: SMTPConfiguration
    /// The current send's deadline, if its caller gave one.
    let deadline = NIOLockedValueBox<NIODeadline?>(nil)

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, extensions: [String: String], configuration: SMTPConfiguration) {
        self.channel = channel
        self.handler = handler
        self.extensions = extensions
        self.configuration = configuration
    }

    /// Whether the connection is still open.
    public var isActive: Bool { channel.isActive }

    /// Connects, reads the greeting, says EHLO (HELO when EHLO is refused), upgrades to TLS as configured, says EHLO
    /// again and authenticates.
    public static func connect(
        _ configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> SMTPConnection {
        // Built only when TLS is used, and shared between connections (a context loads the whole CA bundle).
        let tls: NIOSSLContext? = configuration.security == .implicitTLS ? try Self.tlsContext(configuration) : nil
        let serverName = configuration.serverName ?? (Self.isAddressLiteral(configuration.host) ? nil : configuration.host)
        let implicit = configuration.security == .implicitTLS
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(configuration.connectTimeout)
                .channelOption(.socketOption(.so_keepalive), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicit, let tls {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch let error as ChannelError where error == .connectTimeout(configuration.connectTimeout) {
            throw SMTPError(.timeout, "connecting to \(configuration.host):\(configuration.port) timed out")
        } catch {
            throw SMTPError(.connection, "cannot connect to \(configuration.host):\(configuration.port) (\(type(of: error)))")
        }
        let handler = try await channel.pipeline.handler(type: SMTPReplyHandler.self)
            .map { NIOLoopBound($0, eventLoop: channel.eventLoop) }.get()
        let partial = SMTPConnection(channel: channel, handler: handler, extensions: [:], configuration: configuration)
        do {
            let greeting = try await partial.command(nil)
            guard greeting.code == 220 else { throw SMTPError(.reply(greeting), "the server refused the session: \(greeting)") }
            var extensions = try await partial.hello()
            if case .startTLS(let required) = configuration.security, required || extensions["STARTTLS"] != nil {
                let reply = try await partial.command("STARTTLS")
                guard reply.code == 220 else {
                    throw SMTPError(.tls, "the server refused STARTTLS (\(reply.code)) and TLS is required")
                }
                let context = try Self.tlsContext(configuration)
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
                }.get()
                extensions = try await partial.hello()
            }
            let connection = SMTPConnection(channel: channel, handler: handler, extensions: extensions, configuration: configuration)
            if let username = configuration.username, let password = configuration.password {
                try await connection.authenticate(username: username, password: password)
            }
            return connection
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Sends one message: MAIL FROM, RCPT TO for each recipient (pipelined when offered), DATA with the message
    /// dot-stuffed. Refused recipients are reported while the others get the message; when every recipient is
    /// refused, the first refusal is thrown (after RSET, so the connection stays usable).
    /// `deadline` bounds every reply wait (with the configured timeouts), so a caller's own deadline holds.
    public func send(from: String, recipients: [String], message: [UInt8], deadline: NIODeadline? = nil) async throws -> SMTPDelivery {
        self.deadline.withLockedValue { $0 = deadline }
        defer { self.deadline.withLockedValue { $0 = nil } }
        if let limit = extensions["SIZE"].flatMap({ Int($0) }), limit > 0, message.count > limit {
            throw SMTPError(.message, "the message is \(message.count) bytes; the server accepts at most \(limit)")
        }
        let needsUTF8 = !(from.utf8.allSatisfy { $0 < 0x80 } && recipients.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        if needsUTF8 && extensions["SMTPUTF8"] == nil {
            throw SMTPError(.message, "a non-ASCII address needs SMTPUTF8, which the server does not offer")
        }
        var parameters = extensions["SIZE"] != nil ? " SIZE=\(message.count)" : ""
        if needsUTF8 { parameters += " SMTPUTF8" }
        if message.contains(where: { $0 >= 0x80 }) && extensions["8BITMIME"] != nil { parameters += " BODY=8BITMIME" }
        let commands = ["MAIL FROM:<\(from)>\(parameters)"] + recipients.map { "RCPT TO:<\($0)>" }
        var replies: [SMTPReply] = []
        if extensions["PIPELINING"] != nil {
            replies = try await pipelined(commands)
        } else {
            for command in commands {
                let reply = try await self.command(command)
                replies.append(reply)
                if command.hasPrefix("MAIL"), !reply.isPositive { break }
            }
        }
        guard let mail = replies.first, mail.isPositive else {
            let reply = replies.first ?? SMTPReply(code: 554, lines: ["no reply to MAIL"])
            _ = try? await self.command("RSET")
            throw SMTPError(.reply(reply), "the server refused the sender: \(reply)")
        }
        var accepted: [String] = []
        var refused: [(recipient: String, reply: SMTPReply)] = []
        for (recipient, reply) in zip(recipients, replies.dropFirst()) {
            if reply.isPositive { accepted.append(recipient) } else { refused.append((recipient, reply)) }
        }
        guard !accepted.isEmpty else {
            _ = try? await self.command("RSET")
            let reply = refused.first?.reply ?? SMTPReply(code: 554, lines: ["no recipients"])
            throw SMTPError(.reply(reply), "the server refused every recipient: \(reply)")
        }
        let data = try await command("DATA")
        guard data.code == 354 else { throw SMTPError(.reply(data), "the server refused DATA: \(data)") }
        var buffer = channel.allocator.buffer(capacity: message.count + message.count / 50 + 5)
        Self.dotStuff(message, into: &buffer)
        let final = try await command(buffer: buffer, timeout: configuration.dataTimeout)
        guard final.isPositive else { throw SMTPError(.reply(final), "the server refused the message: \(final)") }
        return SMTPDelivery(accepted: accepted, refused: refused, reply: final)
    }

    /// RSET: ready for the next message; throws when the connection is no longer usable.
    public func reset() async throws {
        let reply = try await command("RSET")
        guard reply.code == 250 else { throw SMTPError(.reply(reply), "RSET was refused: \(reply)") }
    }

    /// QUIT (briefly waiting for the reply), then close.
    public func quit() async {
        if channel.isActive { _ = try? await command("QUIT", timeout: .seconds(2)) }
        try? await channel.close()
    }

    // MARK: - Commands

    /// Writes a command line (nil: none, just read the next reply) and waits for its reply.
    func command(_ line: String?, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        var buffer: ByteBuffer?
        if let line { buffer = channel.allocator.buffer(string: line + "\r\n") }
        return try await command(buffer: buffer, timeout: timeout ?? configuration.commandTimeout)
    }

    func command(buffer: ByteBuffer?, timeout: TimeAmount) async throws -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let channel = self.channel
        let handler = self.handler
        channel.eventLoop.execute {
            handler.value.expect(promise)
            if let buffer { channel.writeAndFlush(buffer, promise: nil) }
        }
        return try await withDeadline(promise.futureResult, timeout: timeout)
    }

    /// Writes every command at once and waits for their replies in order (PIPELINING, RFC 2920).
    func pipelined(_ lines: [String]) async throws -> [SMTPReply] {
        let channel = self.channel
        let handler = self.handler
        let promises = lines.map { _ in channel.eventLoop.makePromise(of: SMTPReply.self) }
        let buffer = channel.allocator.buffer(string: lines.map { $0 + "\r\n" }.joined())
        channel.eventLoop.execute {
            for promise in promises { handler.value.expect(promise) }
            channel.writeAndFlush(buffer, promise: nil)
        }
        var replies: [SMTPReply] = []
        for promise in promises { replies.append(try await withDeadline(promise.futureResult, timeout: configuration.commandTimeout)) }
        return replies
    }

    /// Waits for a reply; past the deadline the connection is closed (a late reply would be out of step) and the
    /// wait fails with a timeout.
    func withDeadline(_ future: EventLoopFuture<SMTPReply>, timeout: TimeAmount) async throws -> SMTPReply {
        var timeout = timeout
        if let deadline = deadline.withLockedValue({ $0 }) {
            timeout = min(timeout, max(.milliseconds(1), deadline - .now()))
        }
        let channel = self.channel
        let handler = self.handler
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            if handler.value.closeReason == nil {
                handler.value.closeReason = SMTPError(.timeout, "the server did not answer within \(timeout.nanoseconds / 1_000_000) ms")
            }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        return try await future.get()
    }

    /// EHLO, or HELO when EHLO is refused; returns the offered extensions.
    func hello() async throws -> [String: String] {
        let reply = try await command("EHLO \(configuration.heloName)")
        if reply.code == 250 {
            var extensions: [String: String] = [:]
            for line in reply.lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let keyword = parts.first else { continue }
                extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
            }
            return extensions
        }
        let fallback = try await command("HELO \(configuration.heloName)")
        guard fallback.code == 250 else { throw SMTPError(.reply(fallback), "the server refused EHLO and HELO: \(fallback)") }
        return [:]
    }

    /// AUTH PLAIN when offered (or when the server lists no mechanism), else AUTH LOGIN.
    func authenticate(username: String, password: String) async throws {
        let offered = Set((extensions["AUTH"] ?? "").uppercased().split(separator: " ").map(String.init))
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        var reply: SMTPReply
        if offered.isEmpty || offered.contains("PLAIN") {
            reply = try await command("AUTH PLAIN " + base64("\u{0}\(username)\u{0}\(password)"))
        } else if offered.contains("LOGIN") {
            reply = try await command("AUTH LOGIN")
            if reply.code == 334 { reply = try await command(base64(username)) }
            if reply.code == 334 { reply = try await command(base64(password)) }
        } else {
            throw SMTPError(.authentication, "the server offers no AUTH mechanism Herald speaks (PLAIN, LOGIN): \(offered.sorted())")
        }
        guard reply.code == 235 else {
            if reply.isTransient { throw SMTPError(.reply(reply), "authentication failed for now: \(reply.code)") }
            throw SMTPError(.authentication, "the server refused the credentials (\(reply.code) \(reply.lines.first ?? ""))")
        }
    }

    // MARK: - Helpers

    /// The message with CRLF line ends, a dot doubled at the start of every line, and the `CRLF.CRLF` terminator.
    static func dotStuff(_ message: [UInt8], into buffer: inout ByteBuffer) {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
        buffer.reserveCapacity(minimumWritableBytes: message.count + 8)
        // Copies runs of bytes whole; only a bare LF (gets a CR) or a dot starting a line (gets a second dot)
        // interrupts a run.
        var runStart = 0
        var lineStart = true
        var previous: UInt8 = 0
        for index in message.indices {
            let byte = message[index]
            if (byte == lf && previous != cr) || (lineStart && byte == dot) {
                buffer.writeBytes(message[runStart..<index])
                buffer.writeInteger(byte == lf ? cr : dot)
                runStart = index
            }
            lineStart = byte == lf
            previous = byte
        }
        buffer.writeBytes(message[runStart...])
        if !lineStart { buffer.writeString("\r\n") }
        buffer.writeString(".\r\n")
    }

    /// TLS contexts by what configures them (certificate verification and extra roots), at most a few dozen.
    private static let contexts = NIOLockedValueBox<[TLSContextKey: NIOSSLContext]>([:])

    private struct TLSContextKey: Hashable {
        let verify: Bool
        let roots: [NIOSSLCertificate]
    }

    /// The client TLS context for a configuration, made once and shared (contexts are thread-safe).
    static func tlsContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        let key = TLSContextKey(verify: configuration.verifyCertificate, roots: configuration.additionalTrustRoots)
        if let context = contexts.withLockedValue({ $0[key] }) { return context }
        let context = try makeTLSContext(configuration)
        contexts.withLockedValue { cache in
            if cache.count >= 32 { cache.removeAll() }
            cache[key] = context
        }
        return context
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if !configuration.verifyCertificate { tls.certificateVerification = .none }
        if !configuration.additionalTrustRoots.isEmpty { tls.additionalTrustRoots = [.certificates(configuration.additionalTrustRoots)] }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.tls, "cannot set up TLS (\(type(of: error)))")
        }
    }

    /// An IPv4 or IPv6 literal (which is not a TLS server name).
    static func isAddressLiteral(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
