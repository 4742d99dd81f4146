import HeraldCore
import Hummingbird

/// `/health`, `/openapi.json`, `/v1/providers` and `/v1/environments/me`.
struct MetaController {
    let tenancy: any TenancyStore
    let healthCheck: @Sendable () async -> Bool
    let metricsText: @Sendable () async -> String
    /// SHA-256 hex of the metrics token, when `/metrics` needs one.
    let metricsTokenHash: String?
    /// The catalogue as served by `GET /v1/providers`.
    let providers: JSONValue
    /// The document served at `GET /openapi.json` (503 when it could not be read).
    var openAPI: Result<OpenAPIDocument, OpenAPIDocumentUnavailable> = OpenAPIDocument.shipped

    func registerPublic(on router: Router<HeraldRequestContext>) {
        router.get("health") { _, _ in
            let healthy = await healthCheck()
            return JSONResponse.make(
                status: healthy ? .ok : .serviceUnavailable,
                body: .object(["status": .string(healthy ? "ok" : "unavailable"),
                               "database": .string(healthy ? "ok" : "unreachable")]))
        }
        router.get("metrics") { request, _ in
            if let metricsTokenHash {
                // Compared by hash, so the comparison's time says nothing about the token.
                let header = request.headers[.authorization] ?? ""
                let token = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : ""
                guard !token.isEmpty, SecretHash.sha256Hex(token) == metricsTokenHash else {
                    throw HeraldError.unauthorized("/metrics needs Authorization: Bearer <metrics token>")
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: await metricsText())))
        }
        router.get("openapi.json") { _, _ in
            guard case .success(let document) = openAPI else {
                throw HeraldError.unavailable("The OpenAPI document is not available on this server")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: document.text)))
        }
    }

    func register(on group: RouterGroup<HeraldRequestContext>) {
        group.get("providers") { _, context in
            _ = try context.requirePrincipal()
            return JSONResponse.data(providers)
        }
        group.get("environments/me") { request, context in
            let principal = try context.requirePrincipal()
            let environment: HeraldCore.Environment
            switch principal {
            case .apiKey(let own):
                environment = own
            case .admin(let organizationId):
                let all = try await tenancy.environments(organizationId: organizationId)
                let requested = request.uri.queryParameters["environmentId"].map(String.init)
                guard let chosen = requested.map({ id in all.first { $0.id == id } }) ?? all.first else {
                    throw HeraldError.notFound("Environment not found")
                }
                environment = chosen
            }
            return JSONResponse.data(.object([
                "_id": .string(environment.id), "name": .string(environment.name),
                "_organizationId": .string(environment.organizationId),
            ]))
        }
    }

    /// The catalogue, each provider saying whether Herald can send through it.
    static func providers(sendable: Set<String>) -> JSONValue { .array(ProviderCatalogue.all.map { provider in
        .object([
            "id": .string(provider.id), "displayName": .string(provider.displayName),
            "channel": .string(provider.channel.rawValue), "beta": .bool(provider.beta),
            "canSend": .bool(sendable.contains(provider.id)),
            "credentials": .array(provider.credentials.map { spec in
                .object([
                    "key": .string(spec.key), "required": .bool(spec.required), "secret": .bool(spec.secret),
                    "type": .string(spec.kind.rawValue),
                ])
            }),
        ])
    })
    }
}
