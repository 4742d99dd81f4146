import NIOCore

/// Splits the server's bytes into CRLF (or LF) terminated lines, at most 4 KiB each (RFC 5321 allows 512).
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    static let maxLine = 4096

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw SMTPError(.protocolViolation, "a reply line is too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        .needMoreData
    }
}

/// Gathers reply lines into replies and completes the oldest waiting promise with each: the greeting first, then
/// one reply per command in the order the commands were written (which is what makes PIPELINING work). A reply
/// nobody waits for yet is kept for the next waiter. A broken connection fails every waiting promise.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = String

    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    /// Replies that arrived before anyone waited for them (the greeting, or a 421 before the next command).
    private var unclaimed = CircularBuffer<SMTPReply>()
    private var lines: [String] = []
    private var code: Int?
    /// The error the next failures report (set when the connection is closed for a timeout).
    var closeReason: SMTPError?

    /// Queues a promise for the next reply. Must be called on the channel's event loop.
    func expect(_ promise: EventLoopPromise<SMTPReply>) {
        if let reply = unclaimed.popFirst() {
            promise.succeed(reply)
        } else if let closeReason {
            promise.fail(closeReason)
        } else {
            waiting.append(promise)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let number = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(number),
            bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else {
            fail(context: context, SMTPError(.protocolViolation, "the server sent a malformed reply line"))
            return
        }
        if let code, code != number {
            fail(context: context, SMTPError(.protocolViolation, "a multi-line reply changed its code"))
            return
        }
        code = number
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return }
        let reply = SMTPReply(code: number, lines: lines)
        lines = []
        code = nil
        guard let promise = waiting.popFirst() else {
            unclaimed.append(reply)
            return
        }
        promise.succeed(reply)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure = error as? SMTPError ?? Self.classify(error)
        fail(context: context, failure)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if closeReason == nil { closeReason = SMTPError(.connection, "the server closed the connection") }
        failAll(closeReason ?? SMTPError(.connection, "the server closed the connection"))
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, _ error: SMTPError) {
        if closeReason == nil { closeReason = error }
        failAll(closeReason ?? error)
        context.close(promise: nil)
    }

    private func failAll(_ error: SMTPError) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }

    /// TLS errors (by type name: NIOSSL's error types) are `.tls`; the rest broke the connection.
    static func classify(_ error: any Error) -> SMTPError {
        let type = String(describing: Swift.type(of: error))
        if type.contains("SSL") || type.contains("TLS") || type.contains("Certificate") || type.contains("BoringSSL") {
            return SMTPError(.tls, "TLS failed (\(type))")
        }
        return SMTPError(.connection, "the connection failed (\(type))")
    }
}
