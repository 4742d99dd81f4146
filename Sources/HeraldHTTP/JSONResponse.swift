import Foundation
import HeraldCore
import Hummingbird

/// Builds JSON responses from ``JSONValue`` trees.
enum JSONResponse {
    static func make(status: HTTPResponse.Status = .ok, body: JSONValue) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        body.write(into: &bytes)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// A 200 JSON response with an already rendered body.
    static func make(bytes: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: bytes))
    }

    /// Renders a JSON value into a buffer.
    static func render(_ value: JSONValue) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        value.write(into: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    /// Novu's success envelope `{ "data": … }`.
    static func data(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(status: status, body: .object(["data": value]))
    }
}

/// ISO 8601 timestamps with milliseconds, as Novu writes them.
public enum WireDate {
    /// Formats a date like `2026-11-29T21:59:33.123Z`.
    public static func format(_ date: Date) -> String {
        fastFormat(date)
    }
}
