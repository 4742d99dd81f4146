import Foundation
import HeraldCore
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Answers malformed HTTP framing with one 400 in Novu's error shape and closes the connection, logging at debug:
/// - a bad request line or headers (no request in flight): this handler writes the 400;
/// - a bad chunked body while a route reads it: the error reaches the route (``JSONBody`` turns it into the 400)
///   and the connection closes after that response;
/// - a bad body after the response was written (the route did not read it): the connection closes, so no second
///   response follows the real one.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var requestOpen = false
    private var responsesPending = 0
    private var failed = false
    private var closeAfterResponse = false
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestOpen = true
            responsesPending += 1
        case .end:
            requestOpen = false
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        responsesPending = max(0, responsesPending - 1)
        if closeAfterResponse {
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        } else {
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError || error is HTTP1TypeConversionError || error is ByteToMessageDecoderError else {
            return context.fireErrorCaught(error)
        }
        if failed { return }  // follow-up decoder errors (data received in the error state)
        failed = true
        logger.debug("Malformed HTTP request", metadata: ["error": "\(error)"])
        switch (requestOpen, responsesPending) {
        case (true, 1...):
            closeAfterResponse = true
            context.fireErrorCaught(error)
        case (false, 0):
            let body = ByteBuffer(bytes: Self.badRequestBody())
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .connection: "close"]
            headers[.contentLength] = String(body.readableBytes)
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .badRequest, headerFields: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
        case (false, _):
            closeAfterResponse = true
        case (true, _):
            context.close(promise: nil)
        }
    }

    static func badRequestBody() -> [UInt8] {
        var bytes: [UInt8] = []
        JSONValue.object([
            "statusCode": .number(400), "timestamp": .string(WireDate.format(Date())), "path": .string(""),
            "message": .string("Malformed HTTP request"), "error": .string("Bad Request"),
        ]).write(into: &bytes)
        return bytes
    }
}
