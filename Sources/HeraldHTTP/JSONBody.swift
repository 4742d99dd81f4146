import Foundation
import HeraldCore
import Hummingbird
import NIOCore

/// Reads a request body as a JSON object, with a size limit and clear errors.
enum JSONBody {
    /// The largest accepted body: 1 MiB.
    static let maxBytes = 1 << 20

    /// The body's top-level object; an empty body is an empty object.
    static func object(from request: Request) async throws -> [String: JSONValue] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw HeraldError.payloadTooLarge("Request body is larger than \(maxBytes) bytes")
        }
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
}
