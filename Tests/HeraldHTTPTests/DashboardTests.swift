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
}
