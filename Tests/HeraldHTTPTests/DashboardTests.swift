import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The dashboard's server side: sign-in, cookie flags, CSRF on every form, errors without details.
@Suite struct DashboardTests {
    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var cookies: [String] { headers[values: .setCookie] }
        func cookie(_ name: String) -> String? {
            cookies.first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
        }
        var csrf: String? {
            guard let range = body.range(of: #"name="csrf" value=""#) else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func request(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, cookie: String? = nil,
        form: [String: String]? = nil
    ) async throws -> Page {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&"))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// Signs in and returns the session cookie header and a page's CSRF token.
    static func signIn(_ client: some TestClientProtocol, token: String) async throws -> (cookie: String, csrf: String) {
        let login = try await request(client, .get, "/dashboard/login")
        let nonce = try #require(login.cookie("herald_login"))
        let signedIn = try await request(
            client, .post, "/dashboard/login", cookie: "herald_login=\(nonce)",
            form: ["csrf": try #require(login.csrf), "token": token])
        #expect(signedIn.status == .seeOther)
        let session = try #require(signedIn.cookie("herald_session"))
        let page = try await request(client, .get, "/dashboard/integrations", cookie: "herald_session=\(session)")
        return ("herald_session=\(session)", try #require(page.csrf))
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndAWrongTokenShowsAnErrorWithoutDetails() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let anonymous = try await Self.request(client, .get, "/dashboard/integrations")
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers[.location] == "/dashboard/login")

                let login = try await Self.request(client, .get, "/dashboard/login")
                #expect(login.status == .ok)
                #expect(login.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(login.headers[.init("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
                let nonce = try #require(login.cookie("herald_login"))
                #expect(login.cookies.allSatisfy { $0.contains("HttpOnly") && $0.contains("SameSite=Strict") })
                #expect(login.cookies.allSatisfy { !$0.contains("Secure") }, "over plain HTTP a Secure cookie never returns")
                // Behind a TLS-terminating proxy the cookies are Secure.
                for proto in ["https", "https, http"] {  // chained proxies append; the first is the browser's
                    let proxied = try await client.execute(
                        uri: "/dashboard/login", method: .get, headers: [.init("X-Forwarded-Proto")!: proto]
                    ) { $0.headers[values: .setCookie] }
                    #expect(!proxied.isEmpty && proxied.allSatisfy { $0.hasSuffix("; Secure") }, "\(proto): \(proxied)")
                }

                let wrong = try await Self.request(
                    client, .post, "/dashboard/login", cookie: "herald_login=\(nonce)",
                    form: ["csrf": try #require(login.csrf), "token": "hadm_wrong-token-value"])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.body.contains("That admin token is not valid."))
                #expect(!wrong.body.contains("hadm_wrong-token-value"))
                #expect(!wrong.body.contains("Error(") && !wrong.body.contains(".swift"))
                #expect(wrong.cookie("herald_session") == nil)

                // Without the sign-in form's token (a cross-site post) the right token is refused too.
                let forged = try await Self.request(
                    client, .post, "/dashboard/login", form: ["csrf": "x", "token": herald.keys.adminToken])
                #expect(forged.status == .forbidden)
                #expect(forged.cookie("herald_session") == nil)

                let (cookie, _) = try await Self.signIn(client, token: herald.keys.adminToken)
                let signedIn = try await Self.request(client, .get, "/dashboard/integrations", cookie: cookie)
                #expect(signedIn.status == .ok)
                #expect(signedIn.body.contains("Development") && signedIn.body.contains("Production"))
            }
        }
    }

    @Test func everyFormNeedsTheSessionsCSRFTokenAndChangesAreRecordedAsAdmin() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let (cookie, csrf) = try await Self.signIn(client, token: herald.keys.adminToken)
                let form = [
                    "providerId": "postmark", "name": "Dashboard Postmark", "active": "on",
                    "cred.apiKey": "dashboard-secret-1", "cred.from": "a@example.com", "cred.senderName": "Acme",
                ]
                let uri = "/dashboard/integrations?env=\(herald.environmentId)"
                let forged = try await Self.request(client, .post, uri, cookie: cookie, form: form.merging(["csrf": "nope"]) { $1 })
                #expect(forged.status == .forbidden)
                let missing = try await Self.request(client, .post, uri, cookie: cookie, form: form)
                #expect(missing.status == .forbidden)
                #expect(try await herald.runtime.integrations.list(scope: .environment(herald.environmentId), activeOnly: false).isEmpty)

                let created = try await Self.request(client, .post, uri, cookie: cookie, form: form.merging(["csrf": csrf]) { $1 })
                #expect(created.status == .seeOther)
                let integration = try #require(
                    try await herald.runtime.integrations.list(scope: .environment(herald.environmentId), activeOnly: false).first)
                #expect(integration.name == "Dashboard Postmark" && integration.active && integration.primary)
                #expect(integration.credentials[string: "apiKey"] == "dashboard-secret-1")

                // The page shows the integration and its history, never the secret.
                let page = try await Self.request(client, .get, "/dashboard/integrations/\(integration.id)", cookie: cookie)
                #expect(page.status == .ok)
                #expect(page.body.contains("Dashboard Postmark") && page.body.contains("created"))
                #expect(!page.body.contains("dashboard-secret-1"))
                let history = try await herald.runtime.integrations.history(id: integration.id, principal: .admin(organizationId: herald.keys.organizationId))
                #expect(history.first?.actor == .admin)

                // Saving with the secret left empty keeps it; a bad request shows a 4xx page, not a stack trace.
                let saved = try await Self.request(
                    client, .post, "/dashboard/integrations/\(integration.id)", cookie: cookie,
                    form: ["csrf": csrf, "name": "Renamed", "active": "on", "cred.from": "a@example.com", "cred.senderName": "Acme"])
                #expect(saved.status == .seeOther)
                let renamed = try await herald.runtime.integrations.get(id: integration.id, principal: .admin(organizationId: herald.keys.organizationId))
                #expect(renamed.name == "Renamed" && renamed.credentials[string: "apiKey"] == "dashboard-secret-1")
                let bad = try await Self.request(
                    client, .post, "/dashboard/integrations/\(integration.id)/conditions", cookie: cookie,
                    form: ["csrf": csrf, "conditions": "{not json"])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.body.contains("conditions must be JSON"))

                // Sign-out ends the session.
                let out = try await Self.request(client, .post, "/dashboard/logout", cookie: cookie, form: ["csrf": csrf])
                #expect(out.status == .seeOther)
                let after = try await Self.request(client, .get, "/dashboard/integrations", cookie: cookie)
                #expect(after.status == .seeOther && after.headers[.location] == "/dashboard/login")
            }
        }
    }

    /// Undoes the templates' HTML escaping of a text (attribute values, textarea contents).
    static func unescape(_ text: some StringProtocol) -> String {
        String(text).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func deliveriesPageChartsTheLastHourPerMinuteByOutcomeAsInlineSVG() async throws {
        try await TestHerald.with { herald in
            let store = herald.runtime.deliveryStore
            let now = Date()
            let recent = now.addingTimeInterval(-300)
            func enqueue(_ date: Date, _ status: DeliveryStatus, environmentId: String? = nil) async throws {
                var delivery = Delivery(
                    id: Identifiers.objectId(), environmentId: environmentId ?? herald.environmentId,
                    organizationId: herald.keys.organizationId,
                    request: DeliveryRequest(channel: .chat, to: .init(webhookUrl: "https://hooks.example.com/x"),
                                             content: .init(content: "hi")),
                    nextAttemptAt: date.addingTimeInterval(86_400), createdAt: date, updatedAt: date)
                delivery.status = status
                _ = try await store.enqueue(delivery)
            }
            try await enqueue(recent, .sent)
            try await enqueue(recent, .delivered)
            try await enqueue(recent, .failed)
            try await enqueue(recent, .retrying)
            try await enqueue(now.addingTimeInterval(-2 * 3600), .sent)  // older than an hour
            try await enqueue(recent, .failed, environmentId: herald.otherEnvironmentId)

            try await herald.application().test(.router) { client in
                let (cookie, _) = try await Self.signIn(client, token: herald.keys.adminToken)
                let page = try await Self.request(
                    client, .get, "/dashboard/deliveries?env=\(herald.environmentId)", cookie: cookie)
                #expect(page.status == .ok)
                let svg = try #require(page.body.range(of: "<svg").flatMap { start in
                    page.body.range(of: "</svg>").map { String(page.body[start.lowerBound..<$0.upperBound]) }
                })
                #expect(svg.contains(#"role="img" aria-labelledby="chart-title chart-desc""#))
                #expect(!svg.contains("<script") && !page.body.contains("<script src=\"http"))
                #expect(svg.components(separatedBy: #"<g class="minute">"#).count - 1 == 60)
                #expect(svg.contains("4 deliveries created in the last 60 minutes: 2 sent/delivered, 1 failed, 1 pending."))
                // The minute of the four, in UTC, with its counts; its stacked bars on a 0–5 scale of 120 units.
                let minute = DeliveryMinuteCount.minute(of: recent)
                let label = String(format: "%02d:%02d", Int(minute % 1440) / 60, Int(minute % 1440) % 60)
                #expect(svg.contains("<title>\(label) UTC: 2 sent/delivered, 1 failed, 1 pending</title>"))
                #expect(svg.contains(#"class="bar bar-sent""#) && svg.contains(#"height="48"/>"#))
                #expect(svg.contains(#"class="bar bar-failed""#) && svg.contains(#"height="24"/>"#))
                #expect(svg.contains(#"class="bar bar-pending""#))
                // The legend names every outcome with its total; the y axis tops at 5.
                #expect(svg.contains("sent/delivered (2)") && svg.contains("failed (1)") && svg.contains("pending (1)"))
                #expect(svg.contains(#"text-anchor="end">5</text>"#))

                // Another environment's chart counts only its own.
                let other = try await Self.request(
                    client, .get, "/dashboard/deliveries?env=\(herald.otherEnvironmentId)", cookie: cookie)
                #expect(other.body.contains("1 deliveries created in the last 60 minutes: 0 sent/delivered, 1 failed, 0 pending."))
            }
        }
    }

    @Test func integrationListShowsEachIntegrationsCircuitAndSuccessRate() async throws {
        try await TestHerald.with { herald in
            let principal = try await herald.apiKeyPrincipal()
            let healthy = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat, name: "Healthy hook",
                credentials: Credentials(["secretKey": .string("s1")]), active: true), principal: principal)
            let broken = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat, name: "Broken hook",
                credentials: Credentials(["secretKey": .string("s2")]), active: true), principal: principal)
            herald.runtime.breakers.recordSuccess(healthy.id)
            herald.runtime.breakers.recordSuccess(healthy.id)
            herald.runtime.breakers.recordSuccess(healthy.id)
            herald.runtime.breakers.recordFailure(healthy.id, retryable: false)
            for _ in 0..<5 { herald.runtime.breakers.recordFailure(broken.id, retryable: true) }
            try await herald.application().test(.router) { client in
                let (cookie, _) = try await Self.signIn(client, token: herald.keys.adminToken)
                let page = try await Self.request(client, .get, "/dashboard/integrations", cookie: cookie)
                func row(_ id: String) throws -> String {
                    let start = try #require(page.body.range(of: #"<tr data-integration="\#(id)">"#))
                    let end = try #require(page.body[start.upperBound...].range(of: "</tr>"))
                    return String(page.body[start.upperBound..<end.lowerBound])
                }
                #expect(page.body.contains("<th>Health</th>"))
                #expect(try row(healthy.id).contains(#"<span class="health-closed" title="3 of 4 recent attempts succeeded">closed · 75%</span>"#))
                #expect(try row(broken.id).contains(#"<span class="health-open" title="0 of 5 recent attempts succeeded">open · 0%</span>"#))
            }
        }
    }

    @Test func conditionsFormRendersEveryGroupAndRowAndItsJSONRoundTrips() async throws {
        try await TestHerald.with { herald in
            let principal = try await herald.apiKeyPrincipal()
            let conditions = [
                StepFilter(isNegated: true, type: "BOOLEAN", value: .or, children: [
                    FilterPart(field: "identifier", value: .array([.string("acme"), .string("globex")]), operator: .in, on: .tenant),
                    FilterPart(field: "data.score", value: .array([.number(1), .number(5)]), operator: .between, on: .payload),
                ]),
                StepFilter(value: .and, children: [
                    FilterPart(field: "email", value: .string("%@example.com"), operator: .like, on: .subscriber),
                    FilterPart(field: "data.vip", value: .null, operator: .isDefined, on: .payload),
                ]),
            ]
            let created = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat, name: "Conditional hook",
                credentials: Credentials(["secretKey": .string("s1")]), active: true, conditions: conditions),
                principal: principal)
            try await herald.application().test(.router) { client in
                let (cookie, csrf) = try await Self.signIn(client, token: herald.keys.adminToken)
                let uri = "/dashboard/integrations/\(created.id)"
                let page = try await Self.request(client, .get, uri, cookie: cookie)
                #expect(page.status == .ok)
                // The editor: two groups (plus the blank one "Add a group" copies), four rows (plus the blank row's
                // own template and the blank group's row), each control set to the stored condition.
                let editorStart = try #require(page.body.range(of: #"<div data-groups>"#))
                let editorEnd = try #require(page.body.range(of: #"<template id="condition-group-template">"#))
                let editor = String(page.body[editorStart.upperBound..<editorEnd.lowerBound])
                #expect(editor.components(separatedBy: "data-group ").count - 1 == 2)
                #expect(editor.components(separatedBy: "<div class=\"condition-row\" data-row").count - 1 == 4)
                #expect(editor.contains(#"<option value="OR" selected>"#) && editor.contains(#"<option value="AND" selected>"#))
                #expect(editor.components(separatedBy: #"data-key="isNegated" checked"#).count - 1 == 1)
                #expect(editor.contains(#"data-original="[&quot;acme&quot;,&quot;globex&quot;]" data-original-operator="IN""#))
                #expect(editor.contains(#"value="acme, globex""#) && editor.contains(#"value="1, 5""#))
                #expect(editor.contains(#"value="%@example.com""#) && editor.contains(#"value="data.score""#))
                for op in ["IN", "BETWEEN", "LIKE", "IS_DEFINED"] {
                    #expect(editor.contains(#"<option value="\#(op)" selected>"#))
                }
                for scope in ["tenant", "payload", "subscriber"] {
                    #expect(editor.contains(#"<option value="\#(scope)" selected>"#))
                }
                #expect(page.body.contains(#"<template id="condition-row-template">"#))
                #expect(page.body.contains(#"id="add-condition-group""#))

                // The JSON the form posts (the hidden field, viewable) round-trips unchanged.
                let jsonStart = try #require(page.body.range(of: #"id="conditions-json""#))
                let open = try #require(page.body[jsonStart.upperBound...].range(of: ">"))
                let close = try #require(page.body[open.upperBound...].range(of: "</textarea>"))
                let json = Self.unescape(page.body[open.upperBound..<close.lowerBound])
                let saved = try await Self.request(
                    client, .post, "\(uri)/conditions", cookie: cookie, form: ["csrf": csrf, "conditions": json])
                #expect(saved.status == .seeOther)
                let reread = try await herald.runtime.integrations.get(id: created.id, principal: principal)
                #expect(reread.conditions == conditions)

                // What the script posts for a group added through the form: strings as typed, lists split.
                let fromForm = #"[{"isNegated":false,"value":"AND","children":[{"on":"tenant","field":"identifier","operator":"ANY_IN","value":["acme","initech"]}]}]"#
                let edited = try await Self.request(
                    client, .post, "\(uri)/conditions", cookie: cookie, form: ["csrf": csrf, "conditions": fromForm])
                #expect(edited.status == .seeOther)
                let after = try await Self.request(client, .get, uri, cookie: cookie)
                #expect(after.body.contains(#"data-original="[&quot;acme&quot;,&quot;initech&quot;]" data-original-operator="ANY_IN""#))
                #expect(after.body.contains(#"value="acme, initech""#))
                let stored = try await herald.runtime.integrations.get(id: created.id, principal: principal).conditions
                #expect(stored == [StepFilter(value: .and, children: [
                    FilterPart(field: "identifier", value: .array([.string("acme"), .string("initech")]), operator: .anyIn, on: .tenant),
                ])])
            }
        }
    }
}
