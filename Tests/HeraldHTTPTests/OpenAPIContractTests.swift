import Foundation
import HeraldCore
@testable import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The OpenAPI document (`Sources/HeraldHTTP/OpenAPI/openapi.json`) against the router, the 405 route table and Core.
@Suite struct OpenAPIContractTests {
    /// The shipped document (the tests fail here when the resource did not ship).
    static func document() throws -> OpenAPIDocument { try OpenAPIDocument.shipped.get() }

    /// A documented operation as `METHOD /pattern`, every `{parameter}` as `*`.
    static func key(_ method: String, _ template: String) -> String {
        "\(method) /\(RouteTable.pattern(template).joined(separator: "/"))"
    }

    /// A concrete URL for a path template: every parameter filled with `x`.
    static func concrete(_ template: String) -> String {
        "/" + RouteTable.pattern(template).map { $0 == "*" ? "x" : $0 }.joined(separator: "/")
    }

    @Test func servesTheResourceFileUnchanged() async throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/HeraldHTTP/OpenAPI/openapi.json")
        let file = try String(contentsOf: source, encoding: .utf8)
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let answer = try await client.send(.get, "/openapi.json")
                #expect(answer.status == .ok)
                #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
                #expect(answer.text == file)
                #expect(answer.json.objectValue?["openapi"] == .string("3.1.0"))
            }
        }
    }

    /// Every documented operation reaches a handler: neither the router's 404 (`"message": "Not Found"`) nor a 405.
    /// A 404 naming the missing entity, a 4xx for the empty body, or a 2xx all mean the route exists.
    @Test func everyDocumentedOperationIsRouted() async throws {
        let document = try Self.document()
        #expect(document.operations.count > 30)
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                // What the router answers for a path it does not have, and a route answers for a missing entity.
                let unrouted = try await client.send(.get, "/v1/no-such-route/x", auth: "ApiKey \(herald.apiKey)")
                #expect(unrouted.status == .notFound && unrouted.json.objectValue?["message"] == .string("Not Found"))
                let missing = try await client.send(.get, "/v1/deliveries/x", auth: "ApiKey \(herald.apiKey)")
                #expect(missing.status == .notFound && missing.json.objectValue?["message"] != .string("Not Found"))
                for operation in document.operations {
                    let uri = Self.concrete(operation.path)
                    let answer = try await client.send(
                        .init(rawValue: operation.method)!, uri, auth: "ApiKey \(herald.apiKey)", json: .object([:]))
                    let routerNotFound = answer.status == .notFound
                        && answer.json.objectValue?["message"] == .string("Not Found")
                    #expect(!routerNotFound && answer.status != .methodNotAllowed && answer.status.code < 500,
                            "\(operation.method) \(uri): \(answer.status) \(answer.text)")
                }
            }
        }
    }

    /// The router's routes are exactly the documented operations (the dashboard's HTML pages aside), and so is the
    /// 405 table.
    @Test func everyRouteIsDocumentedAndTheRouteTableIsTheDocument() async throws {
        let document = try Self.document()
        let documented = Set(document.operations.map { Self.key($0.method, $0.path) })
        let undocumented = Set(RouteTable.undocumented.flatMap { route in
            route.methods.map { "\($0) /\(route.pattern.joined(separator: "/"))" }
        })
        let table = Set(RouteTable.routes.flatMap { route in
            route.methods.map { "\($0) /\(route.pattern.joined(separator: "/"))" }
        })
        #expect(table == documented.union(undocumented))
        try await TestHerald.with { herald in
            let router = buildRouter(herald.runtime.httpDependencies)
            // The dashboard (HTML for people, behind its own session) is deliberately not part of the API document.
            let routed = Set(router.routes.filter { !$0.path.description.hasPrefix("/dashboard") }.map {
                Self.key($0.method.rawValue, $0.path.description)
            })
            #expect(routed.subtracting(documented.union(undocumented)).sorted() == [], "routed but not documented")
            #expect(documented.union(undocumented).subtracting(routed).sorted() == [], "documented but not routed")
            #expect(router.routes.contains { $0.path.description.hasPrefix("/dashboard") }, "the dashboard shipped")
        }
    }

    /// On every documented path, a method it does not take answers 405 with the table's `Allow`.
    @Test func otherMethodsOnDocumentedPathsAnswer405() async throws {
        let document = try Self.document()
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                for path in Set(document.operations.map(\.path)) {
                    let uri = Self.concrete(path)
                    let allowed = try #require(RouteTable.allowedMethods(path: uri), "\(uri)")
                    guard let other = ["GET", "POST", "PUT", "PATCH", "DELETE"].first(where: { !allowed.contains($0) })
                    else { continue }
                    let answer = try await client.send(.init(rawValue: other)!, uri, auth: "ApiKey \(herald.apiKey)")
                    #expect(answer.status == .methodNotAllowed, "\(other) \(uri): \(answer.status)")
                    #expect(answer.headers[.allow] == allowed.joined(separator: ", "), "\(other) \(uri)")
                    #expect(answer.json.objectValue?["statusCode"] == .number(405))
                }
            }
        }
    }

    @Test func aMissingDocumentAnswers503AndWarnsOnce() async throws {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("herald-no-openapi-\(UUID())")
        guard case .failure = OpenAPIDocument.load(from: nil) else { Issue.record("loaded from no bundle"); return }
        guard case .failure(let missing) = OpenAPIDocument.load(from: nowhere) else {
            Issue.record("loaded from \(nowhere.path)"); return
        }
        try FileManager.default.createDirectory(at: nowhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: nowhere) }
        try Data("{\"openapi\": \"3.1.0\"}".utf8).write(to: nowhere.appendingPathComponent("openapi.json"))
        guard case .failure = OpenAPIDocument.load(from: nowhere) else { Issue.record("loaded without paths"); return }

        let logs = CapturingLogHandler.Buffer()
        OpenAPIDocument.warnIfUnavailable(.failure(missing), logger: CapturingLogHandler.logger(logs))
        #expect(logs.all.count == 1)
        #expect(logs.text.contains("OpenAPI document unavailable"))
        OpenAPIDocument.warnIfUnavailable(OpenAPIDocument.shipped, logger: CapturingLogHandler.logger(logs))
        #expect(logs.all.count == 1)

        try await TestHerald.with { herald in
            let dependencies = herald.runtime.httpDependencies
            let router = Router(context: HeraldRequestContext.self)
            router.add(middleware: NovuErrorMiddleware())
            var meta = MetaController(
                tenancy: dependencies.tenancy, healthCheck: { true }, metricsText: { "" }, metricsTokenHash: nil,
                providers: .array([]))
            meta.openAPI = .failure(missing)
            meta.registerPublic(on: router)
            try await Application(router: router).test(.router) { client in
                let answer = try await client.send(.get, "/openapi.json")
                #expect(answer.status == .serviceUnavailable)
                #expect(answer.json.objectValue?["statusCode"] == .number(503))
                #expect(answer.json.objectValue?["path"] == .string("/openapi.json"))
                #expect(answer.json.objectValue?["message"]?.stringValue?.contains("OpenAPI") == true)
                #expect(try await client.send(.get, "/health").status == .ok)
            }
        }
    }

    /// Every `$ref` points into the document at something it has.
    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        var references: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if let reference = object["$ref"]?.stringValue { references.append(reference) }
                object.values.forEach(walk)
            case .array(let array): array.forEach(walk)
            default: break
            }
        }
        walk(document.json)
        #expect(!references.isEmpty)
        for reference in Set(references) {
            var target: JSONValue? = reference.hasPrefix("#/") ? document.json : nil
            for token in reference.dropFirst(2).split(separator: "/") {
                let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                target = target?.objectValue?[name]
            }
            #expect(target?.objectValue != nil, "\(reference)")
        }
    }

    // MARK: - Against Core

    static func schema(_ name: String) throws -> [String: JSONValue] {
        try #require(try document().json.value(atPath: "components.schemas")?.objectValue?[name]?.objectValue, "\(name)")
    }

    static func enumValues(_ schema: JSONValue?) -> [String] {
        (schema?.objectValue?["enum"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
    }

    @Test func enumsMatchCore() throws {
        #expect(Self.enumValues(.object(try Self.schema("Channel"))) == Channel.allCases.map(\.rawValue).sorted())
        #expect(Self.enumValues(try Self.schema("Delivery")["properties"]?.objectValue?["status"])
                == DeliveryStatus.allCases.map(\.rawValue).sorted())
        #expect(Self.enumValues(try Self.schema("ProviderEvent")["properties"]?.objectValue?["status"])
                == ProviderEventStatus.allCases.map(\.rawValue).sorted())
        #expect(Self.enumValues(try Self.schema("DeliveryAttempt")["properties"]?.objectValue?["reason"])
                == ProviderFailure.Reason.allCases.map(\.rawValue).sorted())
        #expect(Self.enumValues(.object(try Self.schema("WebhookEventType")))
                == CustomerEventType.allCases.map(\.rawValue).sorted())
    }

    /// The `Credentials` schema lists exactly the keys Core accepts (Novu's `AppIOBaseUrl` spelling included), with
    /// Core's value types, and so covers every catalogue provider's keys.
    @Test func credentialKeysMatchCore() throws {
        let properties = try #require(try Self.schema("Credentials")["properties"]?.objectValue)
        #expect(Set(properties.keys.map(CredentialKey.canonical)) == Set(CredentialKey.allKeys))
        for (key, property) in properties {
            let documented: Set<String> = switch property.objectValue?["type"] {
            case .string(let type): [type]
            case .array(let types): Set(types.compactMap(\.stringValue))
            default: []
            }
            let type = try #require(CredentialKey.type(of: CredentialKey.canonical(key)), "\(key)")
            #expect(documented.contains(type.rawValue), "\(key): documented \(documented.sorted()), Core \(type)")
        }
        for provider in ProviderCatalogue.all {
            for spec in provider.credentials {
                #expect(properties[spec.key] != nil, "\(provider.id).\(spec.key) is not in the Credentials schema")
            }
        }
    }
}
