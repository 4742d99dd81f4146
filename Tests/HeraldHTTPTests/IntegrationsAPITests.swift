import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The `/v1/integrations` API through the real router, on a fresh SQLite database per test.
@Suite struct IntegrationsAPITests {
    static let sendgrid: JSONValue = .object([
        "providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
        "credentials": .object(["apiKey": .string("SG.sendgrid-secret-1"), "from": .string("a@example.com"),
                                "senderName": .string("Acme")]),
    ])

    static func email(_ provider: String = "postmark", secret: String, active: Bool = true, extra: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = [
            "providerId": .string(provider), "channel": .string("email"), "active": .bool(active),
            "credentials": .object(["apiKey": .string(secret), "from": .string("a@example.com"), "senderName": .string("Acme")]),
        ]
        body.merge(extra) { _, new in new }
        return .object(body)
    }

    @Test func createListUpdateDeleteWithApiKeyNeverReturnsCredentials() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: Self.sendgrid)
                #expect(created.status == .created)
                let data = try #require(created.data.objectValue)
                #expect(data["credentials"] == nil)
                #expect(data["name"] == .string("SendGrid"))
                #expect(data["primary"] == .bool(true))
                #expect(data["priority"] == .number(1))
                #expect(data["_environmentId"] == .string(herald.environmentId))
                #expect(data["identifier"]?.stringValue?.hasPrefix("send-grid-") == true)
                let id = try #require(data["_id"]?.stringValue)

                let list = try await client.send(.get, "/v1/integrations", auth: auth)
                #expect(list.status == .ok)
                #expect(list.data.arrayValue?.first?.objectValue?["credentials"] == .object([:]))

                let updated = try await client.send(.put, "/v1/integrations/\(id)", auth: auth, json: .object([
                    "name": .string("Renamed"),
                    "credentials": .object(["apiKey": .string("SG.sendgrid-secret-2"), "from": .string("b@example.com"),
                                            "senderName": .string("Acme")]),
                ]))
                #expect(updated.status == .ok)
                #expect(updated.data.objectValue?["name"] == .string("Renamed"))
                #expect(updated.data.objectValue?["credentials"] == nil)

                let primary = try await client.send(.post, "/v1/integrations/\(id)/set-primary", auth: auth)
                #expect(primary.status == .ok)
                #expect(primary.data.objectValue?["credentials"] == nil)

                let deleted = try await client.send(.delete, "/v1/integrations/\(id)", auth: auth)
                #expect(deleted.status == .ok)
                #expect(deleted.data == .array([]))
                for response in [created, list, updated, primary, deleted] {
                    #expect(!response.text.contains("sendgrid-secret"))
                }
                let again = try await client.send(.delete, "/v1/integrations/\(id)", auth: auth)
                #expect(again.status == .notFound)
            }
            #expect(!herald.logs.text.contains("sendgrid-secret"))
        }
    }

    @Test func everyCredentialKeyRoundTripsForTheAdmin() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                var credentials: [String: JSONValue] = [:]
                for key in CredentialKey.allKeys {
                    switch CredentialKey.type(of: key)! {
                    case .string: credentials[key] = .string(key == "port" ? "587" : "value-of-\(key)")
                    case .boolean: credentials[key] = .bool(true)
                    case .object: credentials[key] = .object(["rejectUnauthorized": .bool(false), "ciphers": .string("x")])
                    }
                }
                let admin = "Bearer \(herald.keys.adminToken)"
                let created = try await client.send(.post, "/v1/integrations", auth: admin, json: .object([
                    "providerId": .string("nodemailer"), "channel": .string("email"), "active": .bool(true),
                    "_environmentId": .string(herald.environmentId), "credentials": .object(credentials),
                    "configurations": .object([
                        "inboundWebhookEnabled": .bool(true), "inboundWebhookSigningKey": .string("whsec-signing-secret"),
                    ]),
                ]))
                #expect(created.status == .created)
                #expect(created.data.objectValue?["credentials"] == .object(credentials))
                #expect(created.data.objectValue?["configurations"]?.objectValue?["inboundWebhookSigningKey"]
                    == .string("whsec-signing-secret"))
                let listed = try await client.send(.get, "/v1/integrations?environmentId=\(herald.environmentId)", auth: admin)
                #expect(listed.data.arrayValue?.first?.objectValue?["credentials"] == .object(credentials))
                let asKey = try await client.send(.get, "/v1/integrations", auth: "ApiKey \(herald.apiKey)")
                for key in CredentialKey.allKeys { #expect(!asKey.text.contains("value-of-\(key)")) }
                #expect(!asKey.text.contains("whsec-signing-secret"))
                #expect(asKey.data.arrayValue?.first?.objectValue?["configurations"] == .object(["inboundWebhookEnabled": .bool(true)]))
            }
            // Nothing of it is readable in the database files.
            for file in try FileManager.default.contentsOfDirectory(atPath: herald.database.directory) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: herald.database.directory + "/" + file))
                #expect(bytes.range(of: Data("value-of-apiKey".utf8)) == nil, "\(file)")
                #expect(bytes.range(of: Data("value-of-password".utf8)) == nil, "\(file)")
                #expect(bytes.range(of: Data("whsec-signing-secret".utf8)) == nil, "\(file)")
            }
        }
    }

    @Test func environmentsAreIsolated() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let created = try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.apiKey)", json: Self.sendgrid)
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                let other = "ApiKey \(herald.otherApiKey)"
                #expect(try await client.send(.get, "/v1/integrations", auth: other).data == .array([]))
                #expect(try await client.send(.put, "/v1/integrations/\(id)", auth: other, json: .object(["name": .string("x")])).status == .notFound)
                #expect(try await client.send(.delete, "/v1/integrations/\(id)", auth: other).status == .notFound)
                #expect(try await client.send(.post, "/v1/integrations/\(id)/set-primary", auth: other).status == .notFound)
                var body = Self.sendgrid.objectValue!
                body["_environmentId"] = .string(herald.environmentId)
                let forbidden = try await client.send(.post, "/v1/integrations", auth: other, json: .object(body))
                #expect(forbidden.status == .forbidden)
                #expect(forbidden.json.objectValue?["statusCode"] == .number(403))
            }
        }
    }

    @Test func authenticationFailuresAre401InNovusShape() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let missing = try await client.send(.get, "/v1/integrations")
                #expect(missing.status == .unauthorized)
                #expect(missing.json.objectValue?["message"] == .string("Missing authorization header"))
                #expect(try await client.send(.get, "/v1/integrations", auth: "ApiKey nope").status == .unauthorized)
                #expect(try await client.send(.get, "/v1/integrations", auth: "Bearer nope").status == .unauthorized)
                let scheme = try await client.send(.get, "/v1/integrations", auth: "Basic abc")
                #expect(scheme.status == .unauthorized)
                #expect(scheme.json.objectValue?["message"]?.stringValue?.hasPrefix("Invalid authentication scheme") == true)
                // A token sent with a wrong or missing scheme is echoed in no part (it used to echo 20 characters).
                for header in ["hk_SECRETTOKENVALUE1234567890", "Token hk_SECRETTOKENVALUE1234567890", "hk_SECRETTOKEN x"] {
                    let answer = try await client.send(.get, "/v1/integrations", auth: header)
                    #expect(answer.status == .unauthorized)
                    #expect(!answer.text.contains("SECRET") && !answer.text.contains("hk_"), "\(answer.text)")
                }
                #expect(try await client.send(.get, "/health").status == .ok)
            }
        }
    }

    @Test func badInputGetsA4xxAndSavesNothing() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let cases: [(String?, JSONValue?, HTTPResponse.Status, String)] = [
                    ("{not json", nil, .badRequest, "Request body is not valid JSON"),
                    ("[1,2]", nil, .badRequest, "Request body must be a JSON object"),
                    (nil, .object(["channel": .string("email")]), .unprocessableContent, "providerId should not be empty"),
                    (nil, .object(["providerId": .string("sendgrid"), "channel": .string("fax")]), .unprocessableContent, "channel must be one of"),
                    (nil, .object(["providerId": .string("nope"), "channel": .string("email")]), .badRequest, "Provider nope is not supported"),
                    (nil, .object(["providerId": .string("twilio"), "channel": .string("email")]), .badRequest, "is a sms provider"),
                    (nil, .object(["providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true)]),
                     .badRequest, "needs these credentials: apiKey, from, senderName"),
                    (nil, .object(["providerId": .string("sendgrid"), "channel": .string("email"), "credentials": .object(["apiKey": .number(3)])]),
                     .unprocessableContent, "credentials.apiKey must be a string"),
                    (nil, .object(["providerId": .string("sendgrid"), "channel": .string("email"), "extra": .bool(true)]),
                     .unprocessableContent, "property extra should not exist"),
                    (nil, .object(["providerId": .string("novu-email"), "channel": .string("email")]), .badRequest, "is not allowed"),
                ]
                for (raw, json, status, message) in cases {
                    let response = try await client.send(.post, "/v1/integrations", auth: auth, json: json, rawBody: raw)
                    #expect(response.status == status, "\(raw ?? json.map { String(decoding: $0.encoded(), as: UTF8.self) } ?? "")")
                    #expect(response.text.contains(message), "\(response.text)")
                    #expect(response.json.objectValue?["statusCode"] == .number(Double(status.code)))
                }
                let big = "{\"name\":\"" + String(repeating: "x", count: 1 << 20) + "\"}"
                let tooLarge = try await client.send(.post, "/v1/integrations", auth: auth, rawBody: big)
                #expect(tooLarge.status == .contentTooLarge)
                #expect(tooLarge.json.objectValue?["statusCode"] == .number(413))
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data == .array([]))
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: Self.sendgrid)
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                let empty = try await client.send(.put, "/v1/integrations/\(id)", auth: auth, json: .object([:]))
                #expect(empty.status == .badRequest)
                #expect(empty.text.contains("No properties found for update"))
                let change = try await client.send(.put, "/v1/integrations/\(id)", auth: auth, json: .object(["channel": .string("sms")]))
                #expect(change.status == .badRequest)
                let method = try await client.send(.patch, "/v1/integrations/\(id)", auth: auth)
                #expect(method.status == .methodNotAllowed)
                #expect(method.headers[.allow] == "PUT, DELETE")
            }
        }
    }

    @Test func identifiersAreUniquePerEnvironmentAndReusableAfterDelete() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let body = Self.email(secret: "k1", active: false, extra: ["identifier": .string("mail")])
                let first = try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.apiKey)", json: body)
                #expect(first.status == .created)
                #expect(try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.apiKey)", json: body).status == .conflict)
                #expect(try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.otherApiKey)", json: body).status == .created)
                let id = try #require(first.data.objectValue?["_id"]?.stringValue)
                _ = try await client.send(.delete, "/v1/integrations/\(id)", auth: "ApiKey \(herald.apiKey)")
                #expect(try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.apiKey)", json: body).status == .created)
            }
        }
    }

    @Test func onlyOneInAppIntegrationPerEnvironment() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let body: JSONValue = .object(["providerId": .string("novu"), "channel": .string("in_app")])
                #expect(try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.apiKey)", json: body).status == .created)
                let second = try await client.send(.post, "/v1/integrations", auth: "ApiKey \(herald.apiKey)", json: body)
                #expect(second.status == .badRequest)
                #expect(second.text.contains("One environment can only have one In app provider"))
            }
        }
    }

    @Test func miscellaneousRoutesAnswerInNovuShape() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let limit = try await client.send(.get, "/v1/integrations/email/limit", auth: auth)
                #expect(limit.data == .object(["limit": .number(0), "count": .number(0)]))
                #expect(try await client.send(.get, "/v1/integrations/fax/limit", auth: auth).status == .unprocessableContent)
                let me = try await client.send(.get, "/v1/environments/me", auth: auth)
                #expect(me.data.objectValue?["_id"] == .string(herald.environmentId))
                let providers = try await client.send(.get, "/v1/providers", auth: auth)
                #expect(providers.data.arrayValue?.count == 80)
                #expect(try await client.send(.get, "/v1/integrations/webhook/provider/sendgrid/status", auth: auth).status == .notFound)
                _ = try await client.send(.post, "/v1/integrations", auth: auth, json: Self.sendgrid)
                for path in ["webhook", "webhooks"] {
                    let status = try await client.send(.get, "/v1/integrations/\(path)/provider/sendgrid/status", auth: auth)
                    #expect(status.status == .ok)
                    // Herald reads SendGrid's Event Webhook.
                    #expect(status.data == .bool(true))
                }
                // A provider without a parser: false.
                _ = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("plunk"), "channel": .string("email"),
                    "credentials": .object(["apiKey": .string("pk-1"), "from": .string("a@acme.test")]),
                ]))
                let plunk = try await client.send(.get, "/v1/integrations/webhook/provider/plunk/status", auth: auth)
                #expect(plunk.data == .bool(false), "\(plunk.text)")
                let openapi = try await client.send(.get, "/openapi.json")
                #expect(openapi.json.objectValue?["openapi"] == .string("3.1.0"))
            }
        }
    }

    @Test func cachedListingsFollowEveryCommittedChange() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: Self.sendgrid)
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data.arrayValue?.count == 1)
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data.arrayValue?.count == 1)
                // A change made elsewhere (as another instance would) is visible on the next listing.
                _ = try await herald.runtime.integrations.update(
                    id: id, UpdateIntegrationInput(name: "Changed elsewhere"), principal: try await herald.apiKeyPrincipal())
                let after = try await client.send(.get, "/v1/integrations", auth: auth)
                #expect(after.data.arrayValue?.first?.objectValue?["name"] == .string("Changed elsewhere"))
                _ = try await herald.runtime.integrations.delete(id: id, principal: try await herald.apiKeyPrincipal())
                #expect(try await client.send(.get, "/v1/integrations", auth: auth).data == .array([]))
                #expect(try await client.send(.get, "/v1/integrations/active", auth: auth).data == .array([]))
            }
        }
    }

    @Test func wireDatesMatchFoundationsISO8601() {
        for seconds in [0.0, 1.5, 951_782_400.123, 1_798_761_599.999, 2_000_000_000.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(WireDate.format(date) == Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date))
        }
    }
}
