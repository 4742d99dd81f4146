import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// One connection of the benchmark's SMTP sink: answers EHLO (PIPELINING, 8BITMIME, SIZE), HELO, MAIL, RCPT, DATA
/// (reading up to the lone "." line), RSET, NOOP and QUIT, and counts each message it accepts. Replies to pipelined
/// commands are flushed once per read. Nothing is parsed beyond the verb and nothing is kept.
final class SMTPSinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let greeting = ByteBuffer(string: "220 herald-bench ESMTP sink\r\n")
    static let ehlo = ByteBuffer(string: "250-herald-bench\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n")
    static let helo = ByteBuffer(string: "250 herald-bench\r\n")
    static let ok = ByteBuffer(string: "250 2.0.0 OK\r\n")
    static let startData = ByteBuffer(string: "354 End data with <CR><LF>.<CR><LF>\r\n")
    static let queued = ByteBuffer(string: "250 2.0.0 OK queued\r\n")
    static let badSequence = ByteBuffer(string: "503 5.5.1 Bad sequence of commands\r\n")
    static let unknown = ByteBuffer(string: "500 5.5.2 Command not recognized\r\n")
    static let bye = ByteBuffer(string: "221 2.0.0 Bye\r\n")

    private let accepted: Counter
    private var buffer = ByteBuffer()
    private var inData = false
    private var hasSender = false
    private var recipients = 0
    private var closing = false

    init(accepted: Counter) {
        self.accepted = accepted
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(Self.greeting), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer.readableBytes == 0 { buffer = incoming } else { buffer.writeBuffer(&incoming) }
        while !closing, let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let line = buffer.readSlice(length: newline - buffer.readerIndex + 1)!
            if inData {
                if Self.isEndOfData(line.readableBytesView) {
                    inData = false
                    hasSender = false
                    recipients = 0
                    _ = accepted.next()
                    context.write(wrapOutboundOut(Self.queued), promise: nil)
                }
            } else {
                command(line, context: context)
            }
        }
        if buffer.readableBytes == 0 { buffer.clear() } else if buffer.readerIndex > 1 << 16 { buffer.discardReadBytes() }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// "." alone on its line, CRLF or LF terminated.
    static func isEndOfData(_ bytes: ByteBufferView) -> Bool {
        guard bytes.first == UInt8(ascii: "."), bytes.count <= 3 else { return false }
        return bytes.count == 2 || (bytes.count == 3 && bytes[bytes.startIndex + 1] == UInt8(ascii: "\r"))
    }

    private func command(_ line: ByteBuffer, context: ChannelHandlerContext) {
        let verb = String(decoding: line.readableBytesView.prefix(4), as: UTF8.self).uppercased()
        let reply: ByteBuffer
        switch verb {
        case "EHLO": reply = Self.ehlo
        case "HELO": reply = Self.helo
        case "MAIL":
            if hasSender { reply = Self.badSequence } else { hasSender = true; recipients = 0; reply = Self.ok }
        case "RCPT":
            if hasSender { recipients += 1; reply = Self.ok } else { reply = Self.badSequence }
        case "DATA":
            if recipients > 0 { inData = true; reply = Self.startData } else { reply = Self.badSequence }
        case "RSET":
            hasSender = false
            recipients = 0
            reply = Self.ok
        case "NOOP": reply = Self.ok
        case "QUIT":
            closing = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(Self.bye)).whenComplete { _ in channel.close(promise: nil) }
            return
        default: reply = Self.unknown
        }
        context.write(wrapOutboundOut(reply), promise: nil)
    }
}

/// Runs the SMTP sink on 127.0.0.1:`port` (on NIO's event loops, one per core) and `GET /count` (messages accepted)
/// on 127.0.0.1:`countPort`, until SIGTERM or SIGINT.
func runSMTPSink(port: Int, countPort: Int) async throws {
    let accepted = Counter()
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.backlog, value: 1024)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(SMTPSinkHandler(accepted: accepted))
            }
        }
        .bind(host: "127.0.0.1", port: port).get()
    let router = Router()
    router.get("count") { _, _ in "\(accepted.value.load(ordering: .relaxed))" }
    var logger = Logger(label: "smtp-sink")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: countPort)), logger: logger)
    try await app.runService()  // returns on SIGTERM/SIGINT
    try await server.close()
}
