import Foundation
import HeraldCore
import Hummingbird
import NIOCore
import NIOHTTP1

/// Reads a request body as a JSON object, with a size limit and clear errors.
enum JSONBody {
    /// The largest accepted body: 1 MiB.
    static let maxBytes = 1 << 20

    /// The largest delivery body by default (attachments): 10 MiB.
    static let maxDeliveryBytes = 10 << 20

    /// The body's top-level object; an empty body is an empty object.
    static func object(from request: Request, maxBytes: Int = maxBytes) async throws -> [String: JSONValue] {
        let buffer = try await bytes(from: request, maxBytes: maxBytes)
        if buffer.readableBytes == 0 { return [:] }
        let value: JSONValue
        do {
            value = try buffer.withUnsafeReadableBytes { try JSONValue.parse(bytes: $0) }
        } catch {
            throw HeraldError.badRequest("Request body is not valid JSON")
        }
        guard case .object(let members) = value else {
            throw HeraldError.badRequest("Request body must be a JSON object")
        }
        return members
    }

    /// The raw body, at most `maxBytes` (413 above; 400 for malformed chunked framing).
    static func bytes(from request: Request, maxBytes: Int = maxBytes) async throws -> ByteBuffer {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw HeraldError.payloadTooLarge("Request body is larger than \(maxBytes) bytes")
        } catch let error as HTTPParserError where error != .invalidEOFState {
            // A malformed chunked body (bad or overflowing chunk size, bad chunk framing): the client's fault.
            throw HeraldError.badRequest("Request body is malformed (invalid chunked transfer encoding)")
        } catch {
            // The input ended mid-body (`invalidEOFState`), the connection was reset or closed: nobody to answer.
            throw BodyReadAborted()
        }
        return buffer
    }
}

/// A request body that stopped arriving: the client closed the connection (or was closed for being too slow).
struct BodyReadAborted: Error {}
