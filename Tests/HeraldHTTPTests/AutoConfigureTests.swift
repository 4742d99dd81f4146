import Foundation
import HeraldCore
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/integrations/{id}/auto-configure`: Herald registers its webhook URL with the provider through the
/// provider's documented API and keeps the signing key it answers.
struct AutoConfigureTests {
    @Test func sendGridGetsASignedEventWebhookAndItsPublicKeyIsSaved() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v3/user/webhooks/event/settings", .respond(status: 201, json: #"{"id":"77d4a5da-7015-11ed-a1eb-0242ac120002","enabled":true}"#))
            fake.on(.patch, "v3/user/webhooks/event/settings/signed/77d4a5da-7015-11ed-a1eb-0242ac120002",
                    .respond(status: 200, json: #"{"id":"77d4a5da-7015-11ed-a1eb-0242ac120002","public_key":"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-key"}"#))
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("sendgrid"), "channel": .string("email"), "check": .bool(false),
                    "credentials": .object(["apiKey": .string("SG.auto-key"), "from": .string("a@acme.test"),
                                            "senderName": .string("A"), "baseUrl": .string(fake.url(""))]),
                ]))
                let id = try #require(created.data.value(atPath: "_id")?.stringValue)
                let answer = try await client.send(.post, "/v1/integrations/\(id)/auto-configure", auth: auth)
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.data.value(atPath: "success") == .bool(true))
                #expect(answer.data.value(atPath: "integration.configurations.inboundWebhookEnabled") == .bool(true))
                // The key is a secret to ApiKey callers, like the integration's credentials.
                #expect(!answer.text.contains("SG.auto-key"))

                let create = try #require(fake.requests(to: "v3/user/webhooks/event/settings").first)
                #expect(create.method == "POST" && create.header("Authorization") == "Bearer SG.auto-key")
                #expect(create.json.value(atPath: "url") == .string(
                    "http://localhost/v2/inbound-webhooks/delivery-providers/\(herald.environmentId)/\(id)"))
                #expect(create.json.value(atPath: "enabled") == .bool(true))
                #expect(create.json.value(atPath: "delivered") == .bool(true) && create.json.value(atPath: "bounce") == .bool(true))
                let sign = try #require(fake.requests(to: "v3/user/webhooks/event/settings/signed/77d4a5da-7015-11ed-a1eb-0242ac120002").first)
                #expect(sign.json == .object(["enabled": .bool(true)]))

                let stored = try #require(try await herald.runtime.integrationStore.find(id: id, organizationId: herald.keys.organizationId))
                #expect(stored.configurations.inboundWebhookEnabled == true)
                #expect(stored.configurations.inboundWebhookSigningKey == "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-key")

                // A provider Herald cannot configure says so; another environment's key finds nothing.
                let postmark = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("postmark"), "channel": .string("email"),
                    "credentials": .object(["apiKey": .string("pm"), "from": .string("a@acme.test")]),
                ]))
                let postmarkId = try #require(postmark.data.value(atPath: "_id")?.stringValue)
                let unsupported = try await client.send(.post, "/v1/integrations/\(postmarkId)/auto-configure", auth: auth)
                #expect(unsupported.data.value(atPath: "success") == .bool(false))
                #expect(unsupported.data.value(atPath: "message")?.stringValue?.contains("not supported") == true)
                let other = try await client.send(.post, "/v1/integrations/\(id)/auto-configure", auth: "ApiKey \(herald.otherApiKey)")
                #expect(other.status == .notFound)
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func mailgunRegistersEachEventAndReadsTheSigningKey() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            let hooks = "v3/domains/mg.acme.test/webhooks"
            // delivered exists already: Mailgun answers 400, and Herald replaces it.
            fake.on(hooks, .respond(status: 400, json: #"{"message":"Webhook already exists"}"#),
                    .respond(status: 200, json: #"{"message":"Webhook has been created"}"#),
                    .respond(status: 200, json: #"{"message":"Webhook has been created"}"#),
                    .respond(status: 200, json: #"{"message":"Webhook has been created"}"#),
                    .respond(status: 200, json: #"{"message":"Webhook has been created"}"#))
            fake.on(.put, hooks + "/delivered", .respond(status: 200, json: #"{"message":"Webhook has been updated"}"#))
            fake.on(.get, "v5/accounts/http_signing_key", .respond(status: 200, json: #"{"http_signing_key":"mg-signing-key-1"}"#))
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("mailgun"), "channel": .string("email"), "check": .bool(false),
                    "credentials": .object(["apiKey": .string("key-mg"), "domain": .string("mg.acme.test"),
                                            "from": .string("a@acme.test"), "baseUrl": .string(fake.url(""))]),
                ]))
                let id = try #require(created.data.value(atPath: "_id")?.stringValue, "\(created.text)")
                let answer = try await client.send(.post, "/v1/integrations/\(id)/auto-configure", auth: auth)
                #expect(answer.data.value(atPath: "success") == .bool(true), "\(answer.text)")
                let posts = fake.requests(to: hooks)
                #expect(posts.map { String(decoding: $0.body, as: UTF8.self).components(separatedBy: "&").first ?? "" }
                    == ["id=delivered", "id=opened", "id=clicked", "id=permanent_fail", "id=temporary_fail"])
                #expect(posts.allSatisfy { $0.header("Authorization") == "Basic " + Data("api:key-mg".utf8).base64EncodedString() })
                #expect(fake.requests(to: hooks + "/delivered").count == 1)
                let stored = try #require(try await herald.runtime.integrationStore.find(id: id, organizationId: herald.keys.organizationId))
                #expect(stored.configurations.inboundWebhookSigningKey == "mg-signing-key-1")
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func aProviderRefusalIsA400NamingIt() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v3/user/webhooks/event/settings", .reply { request in
                .respond(status: 403, json: #"{"errors":[{"field":null,"message":"access forbidden for \#(request.header("Authorization") ?? "")"}]}"#)
            })
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("sendgrid"), "channel": .string("email"), "check": .bool(false),
                    "credentials": .object(["apiKey": .string("SG.refused-key"), "from": .string("a@acme.test"),
                                            "senderName": .string("A"), "baseUrl": .string(fake.url(""))]),
                ]))
                let id = try #require(created.data.value(atPath: "_id")?.stringValue)
                let answer = try await client.send(.post, "/v1/integrations/\(id)/auto-configure", auth: auth)
                #expect(answer.status == .badRequest)
                #expect(answer.text.contains("sendgrid refused"))
                #expect(!answer.text.contains("SG.refused-key"))
                let stored = try #require(try await herald.runtime.integrationStore.find(id: id, organizationId: herald.keys.organizationId))
                #expect(stored.configurations.inboundWebhookEnabled != true)
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
