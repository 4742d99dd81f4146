import Foundation
import HeraldCore
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A decoded test response: status, headers and the body as JSON (null when not JSON).
public struct JSONTestResponse: Sendable {
    /// The status code.
    public let status: HTTPResponse.Status
    /// The headers.
    public let headers: HTTPFields
    /// The raw body text.
    public let text: String
    /// The body parsed as JSON, or `.null`.
    public let json: JSONValue

    /// `json.data`, or `.null`.
    public var data: JSONValue { json.objectValue?["data"] ?? .null }
}

extension TestClientProtocol {
    /// Sends a request with an optional `Authorization` header and JSON body, and decodes the answer.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, auth: String? = nil, json body: JSONValue? = nil,
        rawBody: String? = nil
    ) async throws -> JSONTestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let auth { headers[.authorization] = auth }
        let buffer: ByteBuffer? = if let rawBody { ByteBuffer(string: rawBody) }
            else if let body { ByteBuffer(bytes: body.encoded()) } else { nil }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONValue.parse(Data(text.utf8))) ?? .null
            return JSONTestResponse(status: response.status, headers: response.headers, text: text, json: json)
        }
    }

    /// Sends a raw body with the given headers (names as written), and decodes the answer.
    public func send(
        _ method: HTTPRequest.Method, _ uri: String, headers: [(String, String)], body: String
    ) async throws -> JSONTestResponse {
        var fields: HTTPFields = [:]
        for (name, value) in headers {
            guard let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        return try await execute(uri: uri, method: method, headers: fields, body: ByteBuffer(string: body)) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONValue.parse(Data(text.utf8))) ?? .null
            return JSONTestResponse(status: response.status, headers: response.headers, text: text, json: json)
        }
    }
}
