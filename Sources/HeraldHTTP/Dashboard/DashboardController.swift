import Foundation
import HeraldCore
import Hummingbird
import NIOCore

/// `/dashboard`: the integration store, deliveries and history in a browser, server-rendered from Mustache templates.
///
/// Sign-in takes the admin token; the browser then holds only a random session id (HttpOnly, SameSite=Strict cookie).
/// Every POST carries the session's CSRF token. Pages call the same Core services as the API controllers, as the
/// admin principal, so history records the dashboard's changes as `admin`.
struct DashboardController: Sendable {
    typealias Context = HeraldRequestContext
    let dependencies: HTTPDependencies
    let templates: DashboardTemplates
    let sessions = DashboardSessions()

    static let sessionCookie = "herald_session"
    static let loginCookie = "herald_login"

    func register(on router: Router<Context>) {
        let group = router.group("dashboard")
        group.get { _, _ in Self.redirect("/dashboard/integrations") }
        group.get("static/:file", use: staticFile)
        group.get("login", use: loginPage)
        group.post("login", use: login)
        group.post("logout") { request, context in try await post(request, context) { session, _ in
            await sessions.remove(id: session.id)
            var response = Self.redirect("/dashboard/login")
            response.headers[values: .setCookie].append(
                Self.cookie(Self.sessionCookie, "", maxAge: 0, secure: isHTTPS(request)))
            return response
        } }
        let pages = DashboardPages(dependencies: dependencies, templates: templates)
        group.get("integrations") { request, context in try await get(request, context, pages.integrations) }
        group.get("catalogue") { request, context in try await get(request, context, pages.catalogue) }
        group.get("integrations/new") { request, context in try await get(request, context, pages.newIntegration) }
        group.post("integrations") { request, context in try await post(request, context, pages.create) }
        group.get("integrations/:id") { request, context in try await get(request, context, pages.integration) }
        group.post("integrations/:id") { request, context in try await post(request, context, pages.update) }
        group.get("integrations/:id/delete") { request, context in try await get(request, context, pages.confirmDelete) }
        // The trie does not backtrack from the literal `delete` (the confirmation page), so its POST is named too.
        group.post("integrations/:id/delete") { request, context in try await post(request, context, pages.action) }
        group.post("integrations/:id/:action") { request, context in try await post(request, context, pages.action) }
        group.post("select") { request, context in try await post(request, context, pages.dryRun) }
        group.get("deliveries") { request, context in try await get(request, context, pages.deliveries) }
        group.get("deliveries/:id") { request, context in try await get(request, context, pages.delivery) }
        group.post("deliveries/:id/retry") { request, context in try await post(request, context, pages.retry) }
    }

    // MARK: - Sign-in

    func loginPage(_ request: Request, _ context: Context) async throws -> Response {
        try await renderLogin(error: nil, status: .ok, request: request)
    }

    /// Whether the browser reached the dashboard over HTTPS (`--public-url https://…`, or a proxy's
    /// `X-Forwarded-Proto: https`): cookies are then `Secure`, so they never travel over plain HTTP. A client that
    /// claims HTTPS falsely only makes its own cookie stricter.
    func isHTTPS(_ request: Request) -> Bool {
        if dependencies.publicURL?.lowercased().hasPrefix("https://") == true { return true }
        // Chained proxies append: the first value is what the browser used.
        let forwarded = request.headers[.init("X-Forwarded-Proto")!]?.split(separator: ",").first
        return forwarded?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    func login(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await Self.form(request)
        let nonce = Self.cookies(request)[Self.loginCookie] ?? ""
        guard !nonce.isEmpty, let sent = form["csrf"], tokensEqual(sent, nonce) else {
            return try await renderLogin(error: "The sign-in form expired. Please try again.", status: .forbidden, request: request)
        }
        let token = form.nonEmpty("token") ?? ""
        guard !token.isEmpty, !token.contains(" "),
            (try? await dependencies.tenancy.adminTokenExists(hash: SecretHash.sha256Hex(token))) == true,
            let organization = try? await dependencies.tenancy.organization()
        else {
            return try await renderLogin(error: "That admin token is not valid.", status: .unauthorized, request: request)
        }
        let session = await sessions.create(organizationId: organization.id)
        var response = Self.redirect("/dashboard/integrations")
        let secure = isHTTPS(request)
        response.headers[values: .setCookie].append(
            Self.cookie(Self.sessionCookie, session.id, maxAge: Int(DashboardSessions.lifetime), secure: secure))
        response.headers[values: .setCookie].append(Self.cookie(Self.loginCookie, "", maxAge: 0, secure: secure))
        return response
    }

    private func renderLogin(error: String?, status: HTTPResponse.Status, request: Request) async throws -> Response {
        let nonce = Identifiers.randomAlphanumeric(32)
        var context: [String: Any] = ["title": "Sign in", "csrf": nonce]
        if let error { context["error"] = error }
        var response = Self.html(templates.render("login", context), status: status)
        response.headers[values: .setCookie].append(
            Self.cookie(Self.loginCookie, nonce, maxAge: 3600, secure: isHTTPS(request)))
        return response
    }

    // MARK: - Guards

    /// Runs a page for a signed-in browser (otherwise redirects to sign-in) and renders its errors as pages.
    func get(
        _ request: Request, _ context: Context,
        _ page: @Sendable (DashboardPages.Call) async throws -> Response
    ) async throws -> Response {
        guard let session = await currentSession(request) else { return Self.redirect("/dashboard/login") }
        return await guarded(session) {
            try await page(DashboardPages.Call(request: request, context: context, session: session, form: FormBody("")))
        }
    }

    /// Like ``get(_:_:_:)`` for a form post: the session's CSRF token must come with it (field `csrf` or
    /// `X-CSRF-Token` header), or the post is refused with 403.
    func post(
        _ request: Request, _ context: Context,
        _ page: @Sendable (DashboardPages.Call) async throws -> Response
    ) async throws -> Response {
        guard let session = await currentSession(request) else { return Self.redirect("/dashboard/login") }
        let isJSON = request.headers[.contentType]?.hasPrefix("application/json") == true
        let form = isJSON ? FormBody("") : try await Self.form(request)
        let sent = form["csrf"] ?? request.headers[.init("X-CSRF-Token")!] ?? ""
        guard tokensEqual(sent, session.csrfToken) else {
            return Self.html(templates.render("error", [
                "title": "Forbidden", "status": 403,
                "message": "This form has expired or did not come from the dashboard. Reload the page and try again.",
            ]), status: .forbidden)
        }
        return await guarded(session) {
            try await page(DashboardPages.Call(request: request, context: context, session: session, form: form))
        }
    }

    func post(
        _ request: Request, _ context: Context,
        _ body: @Sendable (DashboardSessions.Session, FormBody) async throws -> Response
    ) async throws -> Response {
        try await post(request, context) { call in try await body(call.session, call.form) }
    }

    private func guarded(
        _ session: DashboardSessions.Session, _ body: () async throws -> Response
    ) async -> Response {
        do {
            return try await body()
        } catch let error as HeraldError {
            return Self.html(templates.render("error", [
                "title": "Error", "status": Int(Self.status(of: error).code), "message": error.description,
                "signedIn": true, "csrf": session.csrfToken,
            ]), status: Self.status(of: error))
        } catch {
            // Never a stack trace or an internal message: the log has the details.
            return Self.html(templates.render("error", [
                "title": "Error", "status": 500, "message": "Something went wrong. The server log has the details.",
                "signedIn": true, "csrf": session.csrfToken,
            ]), status: .internalServerError)
        }
    }

    private func currentSession(_ request: Request) async -> DashboardSessions.Session? {
        guard let id = Self.cookies(request)[Self.sessionCookie], !id.isEmpty else { return nil }
        return await sessions.session(id: id)
    }

    func staticFile(_ request: Request, _ context: Context) async throws -> Response {
        let name = try context.parameters.require("file")
        guard let file = templates.statics[name] else { throw HeraldError.notFound("No such file") }
        var headers: HTTPFields = [.contentType: file.type, .cacheControl: "public, max-age=300"]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: file.body)))
    }

    // MARK: - HTTP helpers

    static func form(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: 256 * 1024)
        return FormBody(String(buffer: buffer))
    }

    static func cookies(_ request: Request) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                cookies[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return cookies
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/dashboard; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func status(of error: HeraldError) -> HTTPResponse.Status {
        NovuErrorMiddleware.response(for: error, path: "/dashboard").status
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
