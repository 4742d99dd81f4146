import Foundation
import HeraldCore
import Logging

/// The OpenAPI 3.1 description of every route, served at `GET /openapi.json` and the source of ``RouteTable``.
///
/// The document lives in `OpenAPI/openapi.json`, a resource of this target, and is read once.
struct OpenAPIDocument: Sendable {
    /// One documented operation.
    struct Operation: Sendable, Hashable {
        /// The path template, e.g. `/v1/integrations/{integrationId}`.
        let path: String
        /// The method, upper-case (`GET`).
        let method: String
    }

    /// The HTTP methods OpenAPI names as operations (the other keys of a path item are not operations).
    static let methods = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]

    /// The document exactly as shipped.
    let text: String
    /// The parsed document.
    let json: JSONValue
    /// Every documented operation, ordered by path then method.
    let operations: [Operation]

    /// The shipped document, read once; a failure when the resource is missing or unreadable.
    static let shipped: Result<OpenAPIDocument, OpenAPIDocumentUnavailable> = load(from: HTTPResources.directory)

    /// Reads and parses `openapi.json` in a resource directory.
    static func load(from directory: URL?) -> Result<OpenAPIDocument, OpenAPIDocumentUnavailable> {
        guard let directory else { return .failure(OpenAPIDocumentUnavailable(.bundleMissing)) }
        let file = directory.appendingPathComponent("openapi.json")
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8)
        else { return .failure(OpenAPIDocumentUnavailable(.fileMissing(file.path))) }
        guard let json = try? JSONValue.parse(data), let paths = json.objectValue?["paths"]?.objectValue
        else { return .failure(OpenAPIDocumentUnavailable(.invalid(file.path))) }
        let operations = paths.keys.sorted().flatMap { path in
            methods.filter { paths[path]?.objectValue?[$0] != nil }.map { Operation(path: path, method: $0.uppercased()) }
        }
        return .success(OpenAPIDocument(text: text, json: json, operations: operations))
    }

    /// Logs one warning when the document could not be read: the server runs on, without `/openapi.json` and 405s.
    static func warnIfUnavailable(_ document: Result<OpenAPIDocument, OpenAPIDocumentUnavailable>, logger: Logger) {
        guard case .failure(let problem) = document else { return }
        logger.warning(
            "OpenAPI document unavailable: /openapi.json answers 503, and other methods on API paths 404 instead of 405",
            metadata: ["error": "\(problem)"])
    }
}

/// The OpenAPI document could not be read from the target's resources.
struct OpenAPIDocumentUnavailable: Error, CustomStringConvertible {
    fileprivate enum Reason {
        case bundleMissing
        case fileMissing(String)
        case invalid(String)
    }

    private let reason: Reason

    fileprivate init(_ reason: Reason) { self.reason = reason }

    var description: String {
        switch reason {
        case .bundleMissing: "The resource bundle \(HTTPResources.bundleName) was not found next to the executable"
        case .fileMissing(let path): "\(path) is missing or not UTF-8"
        case .invalid(let path): "\(path) is not an OpenAPI document (no paths object)"
        }
    }
}
