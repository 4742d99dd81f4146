import HeraldCore
import Hummingbird

/// `/v1/deliveries`, the selection dry run and integration health (Herald extensions).
struct DeliveriesController {
    let deliveries: DeliveryService
    let integrations: IntegrationService
    let breakers: CircuitBreakers
    let tenancy: any TenancyStore
    /// The largest delivery body (attachments included).
    let maxDeliveryBytes: Int

    func register(on group: RouterGroup<HeraldRequestContext>) {
        group.post("deliveries", use: create)
        group.get("deliveries", use: list)
        group.get("deliveries/:deliveryId", use: get)
        group.post("deliveries/:deliveryId/retry", use: retry)
        group.post("integrations/select", use: select)
        group.get("integrations/:integrationId/health", use: health)
    }

    func create(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let body = try await JSONBody.object(from: request, maxBytes: maxDeliveryBytes)
        let parsed = try DeliveryRequestParser.parse(body)
        let key = request.headers[.init("Idempotency-Key")!].flatMap { $0.isEmpty ? nil : $0 }
        if let key, key.count > 255 { throw HeraldError.validation(["Idempotency-Key must be at most 255 characters"]) }
        if let key, key.hasPrefix("fallback:") {
            throw HeraldError.validation(["Idempotency-Key must not start with fallback: (Herald's fallback steps use it)"])
        }
        let (delivery, created) = try await deliveries.enqueue(
            parsed, environment: environment, idempotencyKey: key,
            bodyHash: key == nil ? nil : DeliveryService.hash(.object(body)))
        return JSONResponse.data(DeliveryWire.encode(delivery), status: created ? .accepted : .ok)
    }

    func get(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let id = try context.parameters.require("deliveryId")
        return JSONResponse.data(DeliveryWire.encode(try await deliveries.get(id: id, environmentId: environment.id)))
    }

    func list(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let query = request.uri.queryParameters
        var problems: [String] = []
        let status = query["status"].map { DeliveryStatus(rawValue: String($0)) }
        if status == .some(nil) { problems.append("status must be one of: \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))") }
        let channel = query["channel"].map { Channel(rawValue: String($0)) }
        if channel == .some(nil) { problems.append("channel must be one of: \(Channel.allCases.map(\.rawValue).joined(separator: ", "))") }
        let limit = query["limit"].map { Int(String($0)) } ?? 50
        if limit == nil || !(1...500).contains(limit!) { problems.append("limit must be a whole number from 1 to 500") }
        let page = query["page"].map { Int(String($0)) } ?? 0
        if page == nil || page! < 0 || page! > 1_000_000 { problems.append("page must be a whole number from 0") }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        let items = try await deliveries.list(
            environmentId: environment.id, status: status ?? nil, channel: channel ?? nil, limit: limit!, page: page!)
        return JSONResponse.data(.array(items.map(DeliveryWire.encode)))
    }

    func retry(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let id = try context.parameters.require("deliveryId")
        return JSONResponse.data(
            DeliveryWire.encode(try await deliveries.retry(id: id, environmentId: environment.id)), status: .accepted)
    }

    func select(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let parsed = try DeliveryRequestParser.parse(try await JSONBody.object(from: request, maxBytes: maxDeliveryBytes))
        return JSONResponse.data(DeliveryWire.encode(try await deliveries.select(parsed, environment: environment)))
    }

    func health(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let integration = try await integrations.get(id: try context.parameters.require("integrationId"), principal: principal)
        let health = breakers.health(integration.id)
        var object: [String: JSONValue] = [
            "_id": .string(integration.id), "state": .string(health.state),
            "consecutiveFailures": .number(Double(health.consecutiveFailures)),
            "recentAttempts": .number(Double(health.recentAttempts)),
            "recentSuccesses": .number(Double(health.recentSuccesses)),
            "successRate": health.recentAttempts == 0
                ? .null : .number(Double(health.recentSuccesses) / Double(health.recentAttempts)),
        ]
        if let until = health.openUntil { object["openUntil"] = .string(WireDate.format(until)) }
        return JSONResponse.data(.object(object))
    }

    /// The caller's environment: the key's own, or the admin's `?environmentId=`.
    private func environment(_ request: Request, _ context: HeraldRequestContext) async throws -> HeraldCore.Environment {
        switch try context.requirePrincipal() {
        case .apiKey(let environment):
            return environment
        case .admin(let organizationId):
            guard let id = request.uri.queryParameters["environmentId"].map(String.init) else {
                throw HeraldError.validation(["environmentId is required for admin calls"])
            }
            guard let environment = try await tenancy.environment(id: id), environment.organizationId == organizationId
            else { throw HeraldError.notFound("Environment \(id) not found") }
            return environment
        }
    }
}
