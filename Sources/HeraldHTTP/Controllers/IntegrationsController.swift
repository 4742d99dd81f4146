import HeraldCore
import Hummingbird
import NIOCore

/// Novu's `/v1/integrations` routes.
struct IntegrationsController {
    let service: IntegrationService
    let tenancy: any TenancyStore
    /// The providers whose webhooks Herald reads.
    var webhookProviderIds: Set<String> = []
    /// `POST /v1/integrations/{id}/auto-configure` (absent: 404).
    var autoConfiguration: WebhookAutoConfiguration?
    /// Where providers reach Herald (`--public-url`); without it, the origin of the request.
    var publicURL: String?
    /// Rendered ApiKey listings (they carry no credentials) per environment and `active` filter.
    let cache = RevisionCache<ByteBuffer>(capacity: 512)

    func register(on group: RouterGroup<HeraldRequestContext>) {
        group.get("integrations") { request, context in try await list(request, context, activeOnly: false) }
        group.get("integrations/active") { request, context in try await list(request, context, activeOnly: true) }
        group.post("integrations", use: create)
        group.put("integrations/:integrationId", use: update)
        group.delete("integrations/:integrationId", use: delete)
        group.post("integrations/:integrationId/set-primary", use: setPrimary)
        group.post("integrations/:integrationId/auto-configure", use: autoConfigure)
        group.get("integrations/:integrationId/history", use: history)
        group.get("integrations/webhook/provider/:providerOrIntegrationId/status", use: webhookStatus)
        // Novu's Python SDK 1.14 calls the older plural path.
        group.get("integrations/webhooks/provider/:providerOrIntegrationId/status", use: webhookStatus)
        // Hummingbird needs one parameter name per path position, so the channel arrives as `integrationId`.
        group.get("integrations/:integrationId/limit", use: limit)
    }

    func list(_ request: Request, _ context: HeraldRequestContext, activeOnly: Bool) async throws -> Response {
        let principal = try context.requirePrincipal()
        let scope: IntegrationScope
        var cacheKey: (key: String, revision: Int64)?
        switch principal {
        case .apiKey(let environment):
            if request.uri.query != nil, let requested = request.uri.queryParameters["environmentId"].map(String.init),
                requested != environment.id
            {
                throw HeraldError.forbidden("An API key can only access its own environment")
            }
            scope = .environment(environment.id)
            cacheKey = ("\(environment.id):\(activeOnly)", environment.integrationsRevision)
            if let body = cache.value("\(environment.id):\(activeOnly)", revision: environment.integrationsRevision) {
                return JSONResponse.make(bytes: body)
            }
        case .admin(let organizationId):
            if let requested = request.uri.queryParameters["environmentId"].map(String.init) {
                scope = .environment(try await resolveEnvironment(requested, principal: principal))
            } else {
                scope = .organization(organizationId)
            }
        }
        let integrations = try await service.list(
            scope: scope, activeOnly: activeOnly, withSecrets: principal.mayReadCredentials)
        let body = JSONResponse.render(.object(["data": IntegrationWire.list(integrations, principal: principal)]))
        if let cacheKey { cache.store(body, for: cacheKey.key, revision: cacheKey.revision) }
        return JSONResponse.make(bytes: body)
    }

    func create(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = IntegrationRequest.self
        let parsed = try body.init(body: try await JSONBody.object(from: request))
        let queryEnvironment = request.uri.queryParameters["environmentId"].map(String.init)
        let environmentId = try await targetEnvironment(
            parsed.environmentId ?? queryEnvironment, principal: principal, required: true)
        let created = try await service.create(try parsed.createInput(environmentId: environmentId), principal: principal)
        let mode = IntegrationWire.mode(for: principal, onList: false)
        return JSONResponse.data(IntegrationWire.encode(created, credentials: mode), status: .created)
    }

    func update(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("integrationId")
        let parsed = try IntegrationRequest(body: try await JSONBody.object(from: request))
        let current = try await service.get(id: id, principal: principal)
        var input = try parsed.updateInput(current: current)
        if let requested = input.environmentId {
            input.environmentId = try await targetEnvironment(requested, principal: principal, required: true)
            if input.environmentId == current.environmentId { input.environmentId = nil }
        }
        if input.isEmpty, parsed.environmentId != nil || parsed.providerId != nil || parsed.channel != nil {
            // Only unchanged identity fields were sent: nothing to update, answer with the current state.
            return JSONResponse.data(IntegrationWire.encode(current, credentials: .init(principal)))
        }
        let updated = try await service.update(id: id, input, principal: principal)
        return JSONResponse.data(IntegrationWire.encode(updated, credentials: .init(principal)))
    }

    func delete(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("integrationId")
        let remaining = try await service.delete(id: id, principal: principal)
        // Novu returns stored ciphertext here even to ApiKey callers; Herald applies the list rule instead.
        return JSONResponse.data(IntegrationWire.list(remaining, principal: principal))
    }

    func setPrimary(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("integrationId")
        let updated = try await service.setPrimary(id: id, principal: principal)
        return JSONResponse.data(IntegrationWire.encode(updated, credentials: .init(principal)))
    }

    /// Registers Herald's webhook URL with the provider (SendGrid, Mailgun) and stores the signing key it answers.
    func autoConfigure(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("integrationId")
        guard let autoConfiguration else { throw HeraldError.notFound("Auto-configure is not available") }
        let base = publicURL ?? "http://\(request.head.authority ?? "localhost")"
        let outcome = try await autoConfiguration.configure(id: id, base: base, principal: principal)
        var body: [String: JSONValue] = ["success": .bool(outcome.success)]
        if let message = outcome.message { body["message"] = .string(message) }
        if let integration = outcome.integration {
            body["integration"] = IntegrationWire.encode(integration, credentials: .init(principal))
        }
        return JSONResponse.data(.object(body))
    }

    /// Herald's audit trail: every recorded change to the integration, newest first (`?limit=` 1…500, default 100).
    func history(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("integrationId")
        let limit = request.uri.queryParameters["limit"].map { Int(String($0)) } ?? 100
        guard let limit, (1...500).contains(limit) else {
            throw HeraldError.validation(["limit must be a whole number from 1 to 500"])
        }
        let entries = try await service.history(id: id, principal: principal, limit: limit)
        return JSONResponse.data(.array(entries.map(IntegrationHistoryWire.encode)))
    }

    func webhookStatus(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let key = try context.parameters.require("providerOrIntegrationId")
        let candidates: [Integration]
        switch principal {
        case .apiKey(let environment): candidates = try await service.list(scope: .environment(environment.id), activeOnly: false)
        case .admin(let organizationId): candidates = try await service.list(scope: .organization(organizationId), activeOnly: false)
        }
        let integration = ProviderCatalogue.provider(id: key) != nil
            ? candidates.first { $0.providerId == key }
            : candidates.first { $0.id == key }
        guard let integration else { throw HeraldError.notFound("Integration for \(key) was not found") }
        guard !integration.credentials.isEmpty else {
            throw HeraldError.badRequest("Integration \(integration.id) doesn't have credentials set up")
        }
        guard integration.channel == .email || integration.channel == .sms else {
            throw HeraldError.badRequest(
                "Webhook for \(integration.providerId)-\(integration.channel.rawValue) is not supported yet")
        }
        return JSONResponse.data(.bool(webhookProviderIds.contains(integration.providerId)))
    }

    func limit(_ request: Request, _ context: HeraldRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let text = try context.parameters.require("integrationId")
        guard Channel(rawValue: text) != nil else {
            throw HeraldError.validation([
                "channelType must be one of: \(Channel.allCases.map(\.rawValue).joined(separator: ", "))"
            ])
        }
        // Herald has no Novu demo providers, so there is no quota: Novu answers {0, 0} in that case too.
        return JSONResponse.data(.object(["limit": .number(0), "count": .number(0)]))
    }

    /// The environment a write targets: the key's own for ApiKey callers (another one is 403), or the admin's choice.
    private func targetEnvironment(_ requested: String?, principal: Principal, required: Bool) async throws -> String {
        switch principal {
        case .apiKey(let environment):
            if let requested, requested != environment.id {
                throw HeraldError.forbidden("An API key can only access its own environment")
            }
            return environment.id
        case .admin:
            guard let requested else {
                throw HeraldError.validation(["_environmentId is required for admin calls (body or ?environmentId=)"])
            }
            return try await resolveEnvironment(requested, principal: principal)
        }
    }

    private func resolveEnvironment(_ id: String, principal: Principal) async throws -> String {
        guard let environment = try await tenancy.environment(id: id),
            environment.organizationId == principal.organizationId
        else { throw HeraldError.notFound("Environment \(id) not found") }
        return environment.id
    }
}

extension IntegrationWire.CredentialsMode {
    /// The mode for single-object responses (create, update, set-primary).
    init(_ principal: Principal) { self = IntegrationWire.mode(for: principal, onList: false) }
}
