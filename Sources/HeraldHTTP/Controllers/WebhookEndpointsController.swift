import HeraldCore
import Hummingbird

/// `/v1/webhook-endpoints`: the environment's endpoints for signed customer webhooks, and their attempt log.
struct WebhookEndpointsController {
    let service: WebhookEndpointService
    let tenancy: any TenancyStore

    func register(on group: RouterGroup<HeraldRequestContext>) {
        group.post("webhook-endpoints", use: create)
        group.get("webhook-endpoints", use: list)
        group.get("webhook-endpoints/:endpointId", use: get)
        group.put("webhook-endpoints/:endpointId", use: update)
        group.delete("webhook-endpoints/:endpointId", use: delete)
        group.post("webhook-endpoints/:endpointId/rotate-secret", use: rotateSecret)
        group.get("webhook-endpoints/:endpointId/attempts", use: attempts)
    }

    func create(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let input = try WebhookEndpointRequest.create(try await JSONBody.object(from: request))
        let endpoint = try await service.create(input, environment: environment)
        return JSONResponse.data(Self.encode(endpoint, withSecret: true), status: .created)
    }

    func list(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let endpoints = try await service.list(environmentId: environment.id)
        return JSONResponse.data(.array(endpoints.map { Self.encode($0) }))
    }

    func get(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let endpoint = try await service.get(id: try Self.endpointId(context), environmentId: environment.id)
        return JSONResponse.data(Self.encode(endpoint))
    }

    func update(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let input = try WebhookEndpointRequest.update(try await JSONBody.object(from: request))
        let endpoint = try await service.update(
            id: try Self.endpointId(context), input, environmentId: environment.id)
        return JSONResponse.data(Self.encode(endpoint))
    }

    func delete(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        try await service.delete(id: try Self.endpointId(context), environmentId: environment.id)
        return JSONResponse.data(.object(["acknowledged": .bool(true), "status": .string("deleted")]))
    }

    func rotateSecret(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let endpoint = try await service.rotateSecret(
            id: try Self.endpointId(context), environmentId: environment.id)
        return JSONResponse.data(Self.encode(endpoint, withSecret: true))
    }

    func attempts(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let query = request.uri.queryParameters
        var problems: [String] = []
        let page = query["page"].map { Int(String($0)) } ?? 0
        if page == nil || page! < 0 || page! > 1_000_000 { problems.append("page must be a whole number from 0 to 1000000") }
        let limit = query["limit"].map { Int(String($0)) } ?? 20
        if limit == nil || !(1...100).contains(limit!) { problems.append("limit must be a whole number from 1 to 100") }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        let (attempts, total) = try await service.attempts(
            id: try Self.endpointId(context), environmentId: environment.id, page: page!, limit: limit!)
        return JSONResponse.make(body: .object([
            "page": .number(Double(page!)), "totalCount": .number(Double(total)), "pageSize": .number(Double(limit!)),
            "data": .array(attempts.map(Self.encode)),
        ]))
    }

    /// The path's endpoint id; one no endpoint can have (NUL, which PostgreSQL text cannot hold) is a 404.
    static func endpointId(_ context: HeraldRequestContext) throws -> String {
        let id = try context.parameters.require("endpointId")
        if id.containsNUL { throw WebhookEndpointService.notFound("(invalid)") }
        return id
    }

    /// The caller's environment (see ``HeraldRequestContext/callerEnvironment(_:tenancy:)``).
    private func environment(_ request: Request, _ context: HeraldRequestContext) async throws -> HeraldCore.Environment {
        try await context.callerEnvironment(request, tenancy: tenancy)
    }

    /// The wire shape; the secret only when it was just made (create, rotate-secret).
    static func encode(_ endpoint: WebhookEndpoint, withSecret: Bool = false) -> JSONValue {
        var object: [String: JSONValue] = [
            "_id": .string(endpoint.id), "_environmentId": .string(endpoint.environmentId),
            "_organizationId": .string(endpoint.organizationId), "url": .string(endpoint.url),
            "eventTypes": .array(endpoint.eventTypes.map { .string($0.rawValue) }), "enabled": .bool(endpoint.enabled),
            "createdAt": .string(WireDate.format(endpoint.createdAt)),
            "updatedAt": .string(WireDate.format(endpoint.updatedAt)),
        ]
        if let description = endpoint.description { object["description"] = .string(description) }
        if withSecret { object["secret"] = .string(endpoint.secret.value) }
        return .object(object)
    }

    /// One attempt as the log lists it.
    static func encode(_ attempt: WebhookAttempt) -> JSONValue {
        .object([
            "_id": .string(attempt.id), "eventId": .string(attempt.eventId), "eventType": .string(attempt.eventType.rawValue),
            "attempt": .number(Double(attempt.attempt)), "statusCode": attempt.statusCode.map { .number(Double($0)) } ?? .null,
            "error": attempt.error.map(JSONValue.string) ?? .null, "durationMs": .number(Double(attempt.durationMs)),
            "createdAt": .string(WireDate.format(attempt.createdAt)),
        ])
    }
}
