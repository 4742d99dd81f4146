import Foundation
import HeraldCore
import Hummingbird
import Logging

/// Turns every error into Novu's error body `{statusCode, timestamp, path, message, …}`; never leaks internals.
public struct NovuErrorMiddleware: RouterMiddleware {
    public typealias Context = HeraldRequestContext

    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HeraldError {
            return Self.response(for: error, path: request.uri.path)
        } catch let error as any HTTPResponseError {
            let status = error.status
            if status == .notFound, let allowed = RouteTable.allowedMethods(path: request.uri.path),
                !allowed.contains(request.method.rawValue)
            {
                var response = Self.body(
                    status: .methodNotAllowed, path: request.uri.path,
                    message: "Method \(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: ", "))")
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            let message = status == .contentTooLarge ? "Request body is too large" : status.reasonPhrase
            return Self.body(status: status, path: request.uri.path, message: message)
        } catch is BodyReadAborted {
            // Not a server fault and nobody to answer: a debug line, and a 400 the closed connection drops.
            context.logger.debug("Request body aborted by the client", metadata: ["http.path": "\(request.uri.path)"])
            return Self.body(status: .badRequest, path: request.uri.path, message: "Request body was not received")
        } catch {
            let errorId = Identifiers.randomAlphanumeric(12)
            context.logger.error(
                "Unhandled error", metadata: ["error.id": "\(errorId)", "error.type": "\(type(of: error))"])
            return Self.body(
                status: .internalServerError, path: request.uri.path, message: "Internal server error",
                extra: ["errorId": .string(errorId)])
        }
    }

    /// The response for a domain error.
    static func response(for error: HeraldError, path: String) -> Response {
        let status: HTTPResponse.Status = switch error.kind {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .validation: .unprocessableContent
        case .payloadTooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        }
        var extra: [String: JSONValue] = [:]
        if error.kind == .validation {
            extra["errors"] = .object(["general": .object(["messages": .array(error.messages.map(JSONValue.string))])])
        }
        return body(status: status, path: path, message: error.message, extra: extra)
    }

    static func body(
        status: HTTPResponse.Status, path: String, message: String, extra: [String: JSONValue] = [:]
    ) -> Response {
        var object: [String: JSONValue] = [
            "statusCode": .number(Double(status.code)),
            "timestamp": .string(WireDate.format(Date())),
            "path": .string(path),
            "message": .string(message),
            "error": .string(status.reasonPhrase),
        ]
        object.merge(extra) { _, new in new }
        return JSONResponse.make(status: status, body: .object(object))
    }
}
