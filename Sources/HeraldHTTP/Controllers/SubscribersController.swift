import HeraldCore
import Hummingbird

/// Novu's `/v1/subscribers` routes: subscribers of the caller's environment and their chat/push credentials.
struct SubscribersController {
    let service: SubscriberService
    let tenancy: any TenancyStore

    func register(on group: RouterGroup<HeraldRequestContext>) {
        group.post("subscribers", use: create)
        group.get("subscribers", use: list)
        group.get("subscribers/:subscriberId", use: get)
        group.put("subscribers/:subscriberId", use: update)
        group.delete("subscribers/:subscriberId", use: delete)
        group.put("subscribers/:subscriberId/credentials") { request, context in
            try await credentials(request, context, merge: false)
        }
        group.patch("subscribers/:subscriberId/credentials") { request, context in
            try await credentials(request, context, merge: true)
        }
        group.delete("subscribers/:subscriberId/credentials/:providerId", use: deleteCredentials)
    }

    func create(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let input = try SubscriberRequest.create(try await JSONBody.object(from: request))
        let subscriber = try await service.createOrUpdate(input, environment: environment)
        return JSONResponse.data(Self.encode(subscriber), status: .created)
    }

    func list(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let query = request.uri.queryParameters
        var problems: [String] = []
        let page = query["page"].map { Int(String($0)) } ?? 0
        if page == nil || page! < 0 || page! > 1_000_000 { problems.append("page must be a whole number from 0 to 1000000") }
        let limit = query["limit"].map { Int(String($0)) } ?? 10
        if limit == nil || !(1...100).contains(limit!) { problems.append("limit must be a whole number from 1 to 100") }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        let (subscribers, total) = try await service.list(environmentId: environment.id, page: page!, limit: limit!)
        return JSONResponse.make(body: .object([
            "page": .number(Double(page!)), "totalCount": .number(Double(total)), "pageSize": .number(Double(limit!)),
            "data": .array(subscribers.map(Self.encode)),
        ]))
    }

    func get(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let subscriber = try await service.get(
            subscriberId: try Self.subscriberId(context), environmentId: environment.id)
        return JSONResponse.data(Self.encode(subscriber))
    }

    func update(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        let profile = try SubscriberRequest.update(try await JSONBody.object(from: request))
        let subscriber = try await service.update(
            subscriberId: try Self.subscriberId(context), profile, environmentId: environment.id)
        return JSONResponse.data(Self.encode(subscriber))
    }

    func delete(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        try await service.delete(subscriberId: try Self.subscriberId(context), environmentId: environment.id)
        return JSONResponse.data(.object(["acknowledged": .bool(true), "status": .string("deleted")]))
    }

    func credentials(_ request: Request, _ context: HeraldRequestContext, merge: Bool) async throws -> Response {
        let environment = try await environment(request, context)
        let input = try SubscriberRequest.credentials(try await JSONBody.object(from: request))
        let subscriber = try await service.setCredentials(
            subscriberId: try Self.subscriberId(context), input, merge: merge,
            environmentId: environment.id)
        return JSONResponse.data(Self.encode(subscriber))
    }

    func deleteCredentials(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let environment = try await environment(request, context)
        try await service.deleteCredentials(
            subscriberId: try Self.subscriberId(context),
            providerId: try context.parameters.require("providerId"), environmentId: environment.id)
        return Response(status: .noContent)
    }

    /// The path's subscriber id; one no subscriber can have (NUL, which PostgreSQL text cannot hold) is a 404.
    static func subscriberId(_ context: HeraldRequestContext) throws -> String {
        let id = try context.parameters.require("subscriberId")
        if id.containsNUL { throw SubscriberService.notFound(String(id.unicodeScalars.filter { $0 != "\u{0}" })) }
        return id
    }

    /// The caller's environment (see ``HeraldRequestContext/callerEnvironment(_:tenancy:)``).
    private func environment(_ request: Request, _ context: HeraldRequestContext) async throws -> HeraldCore.Environment {
        try await context.callerEnvironment(request, tenancy: tenancy)
    }

    /// Novu's subscriber shape (unset profile fields left out).
    static func encode(_ subscriber: Subscriber) -> JSONValue {
        var object: [String: JSONValue] = [
            "_id": .string(subscriber.id), "_environmentId": .string(subscriber.environmentId),
            "_organizationId": .string(subscriber.organizationId), "subscriberId": .string(subscriber.subscriberId),
            "channels": .array(subscriber.channels.map(\.json)), "deleted": .bool(false),
            "createdAt": .string(WireDate.format(subscriber.createdAt)),
            "updatedAt": .string(WireDate.format(subscriber.updatedAt)),
        ]
        let fields: [(String, String?)] = [
            ("firstName", subscriber.firstName), ("lastName", subscriber.lastName), ("email", subscriber.email),
            ("phone", subscriber.phone), ("avatar", subscriber.avatar), ("locale", subscriber.locale),
        ]
        for (key, value) in fields { if let value { object[key] = .string(value) } }
        if let data = subscriber.data { object["data"] = data }
        return .object(object)
    }
}
