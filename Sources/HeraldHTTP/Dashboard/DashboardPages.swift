import Foundation
import HeraldCore
import Hummingbird

/// The dashboard's pages: each reads or changes state through the Core services and renders a template.
struct DashboardPages: Sendable {
    /// One request to a page: the request, the signed-in session and, for posts, the form.
    struct Call: Sendable {
        let request: Request
        let context: HeraldRequestContext
        let session: DashboardSessions.Session
        let form: FormBody

        var principal: Principal { .admin(organizationId: session.organizationId) }
        func query(_ name: String) -> String? {
            request.uri.queryParameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        func parameter(_ name: String) throws -> String { try context.parameters.require(name) }
    }

    let dependencies: HTTPDependencies
    let templates: DashboardTemplates
    private var service: IntegrationService { dependencies.integrations }

    // MARK: - Integrations

    func integrations(_ call: Call) async throws -> Response {
        let (environment, base) = try await frame(call, title: "Integrations", switchTo: "/dashboard/integrations")
        let all = try await service.list(scope: .environment(environment.id), activeOnly: false, withSecrets: false)
        let channels: [[String: Any]] = Channel.allCases.compactMap { channel in
            let items = all.filter { $0.channel == channel }.sorted {
                ($0.active ? 1 : 0, $0.priority) > ($1.active ? 1 : 0, $1.priority)
            }
            guard !items.isEmpty else { return nil }
            return ["channel": channel.rawValue, "items": items.map { integration -> [String: Any] in
                var summary = DashboardViews.summary(integration)
                summary["health"] = DashboardViews.health(dependencies.breakers.health(integration.id))
                return summary
            }]
        }
        var context = base
        context["channels"] = channels
        context["empty"] = all.isEmpty
        context["notice"] = DashboardViews.notice(call.query("done"))
        return page("integrations", context)
    }

    func catalogue(_ call: Call) async throws -> Response {
        let (environment, base) = try await frame(call, title: "Add an integration", switchTo: "/dashboard/catalogue")
        let search = call.query("q")?.lowercased() ?? ""
        var context = base
        context["q"] = search
        context["channels"] = Channel.allCases.compactMap { channel -> [String: Any]? in
            let providers = ProviderCatalogue.all.filter { provider in
                provider.channel == channel && (search.isEmpty || provider.id.lowercased().contains(search)
                    || provider.displayName.lowercased().contains(search))
            }
            guard !providers.isEmpty else { return nil }
            return ["channel": channel.rawValue, "providers": providers.map { provider -> [String: Any] in
                [
                    "id": provider.id, "name": provider.displayName, "beta": provider.beta,
                    "demo": ProviderCatalogue.demoProviderIds.contains(provider.id),
                    "canSend": dependencies.sendableProviderIds.contains(provider.id),
                    "search": "\(provider.id) \(provider.displayName) \(channel.rawValue)".lowercased(),
                    "href": "/dashboard/integrations/new?env=\(environment.id.queryEncoded)&provider=\(provider.id.queryEncoded)",
                ]
            }]
        }
        return page("catalogue", context)
    }

    func newIntegration(_ call: Call) async throws -> Response {
        let (environment, base) = try await frame(call, title: "New integration", switchTo: "/dashboard/catalogue")
        guard let provider = call.query("provider").flatMap(ProviderCatalogue.provider(id:)) else {
            throw HeraldError.notFound("Unknown provider")
        }
        return page("new", newContext(base, environment: environment, provider: provider, form: nil, error: nil))
    }

    func create(_ call: Call) async throws -> Response {
        let (environment, base) = try await frame(call, title: "New integration", switchTo: "/dashboard/catalogue")
        guard let provider = call.form["providerId"].flatMap(ProviderCatalogue.provider(id:)) else {
            throw HeraldError.badRequest("Unknown provider")
        }
        do {
            var body = try DashboardViews.body(from: call.form, provider: provider, current: nil)
            body["providerId"] = .string(provider.id)
            body["channel"] = .string(provider.channel.rawValue)
            let input = try IntegrationRequest(body: body).createInput(environmentId: environment.id)
            let created = try await service.create(input, principal: call.principal)
            return DashboardController.redirect("/dashboard/integrations/\(created.id)?done=created")
        } catch let error as HeraldError {
            let context = newContext(base, environment: environment, provider: provider, form: call.form, error: error)
            return page("new", context, status: DashboardController.status(of: error))
        }
    }

    private func newContext(
        _ base: [String: Any], environment: HeraldCore.Environment, provider: ProviderDescriptor, form: FormBody?,
        error: HeraldError?
    ) -> [String: Any] {
        var context = base
        context["provider"] = ["id": provider.id, "name": provider.displayName, "channel": provider.channel.rawValue]
        context["fields"] = DashboardViews.fields(provider, current: nil, form: form)
        context["name"] = form?["name"] ?? provider.displayName
        context["identifier"] = form?["identifier"] ?? ""
        context["active"] = form.map { $0["active"] == "on" } ?? false
        if let error { context["error"] = error.description }
        return context
    }

    // MARK: - One integration

    func integration(_ call: Call) async throws -> Response {
        let integration = try await service.get(id: try call.parameter("id"), principal: call.principal)
        return try await integrationPage(call, integration, error: nil, status: .ok)
    }

    private func integrationPage(
        _ call: Call, _ integration: Integration, error: HeraldError?, status: HTTPResponse.Status, form: FormBody? = nil
    ) async throws -> Response {
        let (environment, base) = try await frame(
            call, title: integration.name, switchTo: "/dashboard/integrations", environmentId: integration.environmentId)
        var context = base
        let provider = ProviderCatalogue.provider(id: integration.providerId)
        context["integration"] = DashboardViews.summary(integration)
        context["providerName"] = provider?.displayName ?? integration.providerId
        context["hasPrimary"] = integration.channel.hasPrimary
        context["fields"] = provider.map { DashboardViews.fields($0, current: integration, form: form) } ?? []
        context["conditionsJSON"] = DashboardViews.conditionsJSON(integration.conditions)
        context["editorGroups"] = DashboardViews.conditionGroups(integration.conditions)
        context["blankGroup"] = DashboardViews.blankConditionGroup
        context["blankRow"] = DashboardViews.blankConditionRow
        context["dryRunJSON"] = DashboardViews.sampleDelivery(integration)
        context["testTo"] = DashboardViews.testRecipient(integration.channel)
        let history = (try? await service.history(id: integration.id, principal: call.principal, limit: 50)) ?? []
        context["history"] = history.map { DashboardViews.history($0, environments: base["environmentNames"]) }
        context["health"] = DashboardViews.health(dependencies.breakers.health(integration.id))
        context["deliveries"] = try await dependencies.deliveries.list(
            environmentId: environment.id, integrationId: integration.id, limit: 10).map(DashboardViews.delivery)
        context["notice"] = DashboardViews.notice(call.query("done"))
        if let error { context["error"] = error.description }
        return page("integration", context, status: status)
    }

    func update(_ call: Call) async throws -> Response {
        let current = try await service.get(id: try call.parameter("id"), principal: call.principal)
        guard let provider = ProviderCatalogue.provider(id: current.providerId) else {
            throw HeraldError.badRequest("Unknown provider")
        }
        do {
            let body = try DashboardViews.body(from: call.form, provider: provider, current: current)
            let input = try IntegrationRequest(body: body).updateInput(current: current)
            _ = try await service.update(id: current.id, input, principal: call.principal)
            return DashboardController.redirect("/dashboard/integrations/\(current.id)?done=saved")
        } catch let error as HeraldError {
            return try await integrationPage(
                call, current, error: error, status: DashboardController.status(of: error), form: call.form)
        }
    }

    func confirmDelete(_ call: Call) async throws -> Response {
        let integration = try await service.get(id: try call.parameter("id"), principal: call.principal)
        var (_, context) = try await frame(
            call, title: "Delete \(integration.name)", switchTo: "/dashboard/integrations",
            environmentId: integration.environmentId)
        context["integration"] = DashboardViews.summary(integration)
        return page("delete", context)
    }

    /// The buttons of an integration's page: activate, deactivate, primary, delete, conditions, test.
    func action(_ call: Call) async throws -> Response {
        let id = try call.parameter("id")
        let principal = call.principal
        let current = try await service.get(id: id, principal: principal)
        do {
            switch call.context.parameters.get("action") ?? "delete" {
            case "activate":
                _ = try await service.update(id: id, UpdateIntegrationInput(active: true), principal: principal)
                return DashboardController.redirect("/dashboard/integrations/\(id)?done=activated")
            case "deactivate":
                _ = try await service.update(id: id, UpdateIntegrationInput(active: false), principal: principal)
                return DashboardController.redirect("/dashboard/integrations/\(id)?done=deactivated")
            case "primary":
                _ = try await service.setPrimary(id: id, principal: principal)
                return DashboardController.redirect("/dashboard/integrations/\(id)?done=primary")
            case "delete":
                _ = try await service.delete(id: id, principal: principal)
                return DashboardController.redirect(
                    "/dashboard/integrations?env=\(current.environmentId.queryEncoded)&done=deleted")
            case "conditions":
                let text = call.form["conditions"] ?? "[]"
                let parsed: JSONValue
                do { parsed = try JSONValue.parse(Data(text.utf8)) } catch {
                    throw HeraldError.validation(["conditions must be JSON: \(error)"])
                }
                let input = try IntegrationRequest(body: ["conditions": parsed]).updateInput(current: current)
                _ = try await service.update(id: id, input, principal: principal)
                return DashboardController.redirect("/dashboard/integrations/\(id)?done=conditions#conditions")
            case "test":
                let body = try DashboardViews.testDelivery(call.form, integration: current)
                let environment = try await environment(current.environmentId, call)
                let (delivery, _) = try await dependencies.deliveries.enqueue(
                    try DeliveryRequestParser.parse(body), environment: environment, idempotencyKey: nil, bodyHash: nil)
                return DashboardController.redirect(
                    "/dashboard/deliveries/\(delivery.id)?env=\(environment.id.queryEncoded)&done=queued")
            default:
                throw HeraldError.notFound("Unknown action")
            }
        } catch let error as HeraldError where error.kind != .notFound {
            return try await integrationPage(
                call, try await service.get(id: id, principal: principal), error: error,
                status: DashboardController.status(of: error))
        }
    }

    /// The selection dry run for the conditions editor: a delivery request in, the decision and a sentence out.
    func dryRun(_ call: Call) async throws -> Response {
        let environment = try await environment(call.query("env") ?? "", call)
        let buffer = try await call.request.body.collect(upTo: 256 * 1024)
        do {
            let body = try JSONValue.parse(Data(String(buffer: buffer).utf8))
            guard let object = body.objectValue else { throw HeraldError.validation(["the body must be a JSON object"]) }
            let decision = try await dependencies.deliveries.select(
                try DeliveryRequestParser.parse(object), environment: environment)
            return JSONResponse.data(.object([
                "summary": .string(DashboardViews.summary(decision)), "decision": DeliveryWire.encode(decision),
            ]))
        } catch let error as HeraldError {
            return JSONResponse.make(
                status: DashboardController.status(of: error), body: .object(["error": .string(error.description)]))
        } catch {
            return JSONResponse.make(status: .badRequest, body: .object(["error": .string("The request is not valid JSON")]))
        }
    }

    // MARK: - Deliveries

    func deliveries(_ call: Call) async throws -> Response {
        let (environment, base) = try await frame(call, title: "Deliveries", switchTo: "/dashboard/deliveries")
        let status = call.query("status").flatMap(DeliveryStatus.init(rawValue:))
        let channel = call.query("channel").flatMap(Channel.init(rawValue:))
        let page = min(max(0, call.query("page").flatMap(Int.init) ?? 0), 1_000_000)  // as the API: no overflow
        let items = try await dependencies.deliveries.list(
            environmentId: environment.id, status: status, channel: channel, limit: 50, page: page)
        let now = Date()
        let counts = try await dependencies.deliveries.countsPerMinute(
            environmentId: environment.id,
            since: Date(timeIntervalSince1970: Double(DeliveryChart.firstMinute(now: now) * 60)))
        var context = base
        context["chart"] = DeliveryChart.context(counts, now: now)
        context["deliveries"] = items.map(DashboardViews.delivery)
        context["statuses"] = DeliveryStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == status] }
        context["channelOptions"] = Channel.allCases.map { ["value": $0.rawValue, "selected": $0 == channel] }
        context["empty"] = items.isEmpty
        var query = "env=\(environment.id.queryEncoded)"
        if let status { query += "&status=\(status.rawValue)" }
        if let channel { query += "&channel=\(channel.rawValue)" }
        if page > 0 { context["previous"] = "/dashboard/deliveries?\(query)&page=\(page - 1)" }
        if items.count == 50 { context["next"] = "/dashboard/deliveries?\(query)&page=\(page + 1)" }
        return self.page("deliveries", context)
    }

    func delivery(_ call: Call) async throws -> Response {
        let (environment, base) = try await frame(call, title: "Delivery", switchTo: "/dashboard/deliveries")
        let delivery = try await dependencies.deliveries.get(id: try call.parameter("id"), environmentId: environment.id)
        var context = base
        context["delivery"] = DashboardViews.delivery(delivery)
        context["attempts"] = delivery.attempts.map(DashboardViews.attempt)
        context["events"] = delivery.events.map(DashboardViews.event)
        context["canRetry"] = delivery.status == .failed
        context["notice"] = DashboardViews.notice(call.query("done"))
        return page("delivery", context)
    }

    func retry(_ call: Call) async throws -> Response {
        let environment = try await environment(call.query("env") ?? call.form["env"] ?? "", call)
        let id = try call.parameter("id")
        _ = try await dependencies.deliveries.retry(id: id, environmentId: environment.id)
        return DashboardController.redirect("/dashboard/deliveries/\(id)?env=\(environment.id.queryEncoded)&done=retried")
    }

    // MARK: - Frame

    /// The environment a page is about (`?env=`, the given id, else the first) and the layout's context.
    private func frame(
        _ call: Call, title: String, switchTo: String, environmentId: String? = nil
    ) async throws -> (HeraldCore.Environment, [String: Any]) {
        let environments = try await dependencies.tenancy.environments(organizationId: call.session.organizationId)
        let wanted = environmentId ?? call.query("env") ?? call.form["env"]
        guard let current = environments.first(where: { $0.id == wanted }) ?? environments.first else {
            throw HeraldError.notFound("The organization has no environment")
        }
        let context: [String: Any] = [
            "title": title, "csrf": call.session.csrfToken, "signedIn": true, "env": current.id,
            "envName": current.name, "switchTo": switchTo,
            "environments": environments.map { ["id": $0.id, "name": $0.name, "selected": $0.id == current.id] },
            "environmentNames": Dictionary(environments.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
        ]
        return (current, context)
    }

    private func environment(_ id: String, _ call: Call) async throws -> HeraldCore.Environment {
        guard let environment = try await dependencies.tenancy.environment(id: id),
            environment.organizationId == call.session.organizationId
        else { throw HeraldError.notFound("Environment \(id) not found") }
        return environment
    }

    private func page(_ name: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        DashboardController.html(templates.render(name, context), status: status)
    }
}
