import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/subscribers` through the real router, and deliveries addressed to a subscriber.
@Suite struct SubscribersAPITests {
    /// The body Novu's Python SDK 1.14 sends for `SubscriberApi.create`: every field, unset ones as null.
    static func sdkBody(_ subscriberId: String, email: String? = nil, firstName: String? = nil) -> JSONValue {
        .object([
            "subscriberId": .string(subscriberId), "email": email.map(JSONValue.string) ?? .null,
            "firstName": firstName.map(JSONValue.string) ?? .null, "lastName": .null, "phone": .null, "avatar": .null,
            "locale": .null, "channels": .array([]), "data": .null,
        ])
    }

    static func integration(_ client: some TestClientProtocol, auth: String, _ body: JSONValue) async throws -> JSONValue {
        let created = try await client.send(.post, "/v1/integrations", auth: auth, json: body)
        #expect(created.status == .created, "\(created.text)")
        return created.data
    }

    @Test func createUpsertGetUpdateListDelete() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("ada", email: "ada@example.com"))
                #expect(created.status == .created)
                let data = try #require(created.data.objectValue)
                #expect(data["subscriberId"] == .string("ada"))
                #expect(data["email"] == .string("ada@example.com"))
                #expect(data["channels"] == .array([]))
                #expect(data["_environmentId"] == .string(herald.environmentId))
                #expect(data["firstName"] == nil)
                let id = try #require(data["_id"]?.stringValue)

                // POST with an existing subscriberId updates it (Novu's upsert); null leaves a field alone.
                let upserted = try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("ada", firstName: "Ada"))
                #expect(upserted.status == .created)
                #expect(upserted.data.value(atPath: "_id") == .string(id))
                #expect(upserted.data.value(atPath: "email") == .string("ada@example.com"))
                #expect(upserted.data.value(atPath: "firstName") == .string("Ada"))

                let updated = try await client.send(.put, "/v1/subscribers/ada", auth: auth, json: .object([
                    "subscriberId": .string("ada"), "lastName": .string("Lovelace"), "phone": .string("+15550001"),
                    "locale": .string("en"), "data": .object(["plan": .string("pro")]), "channels": .array([]), "email": .null,
                ]))
                #expect(updated.status == .ok, "\(updated.text)")
                #expect(updated.data.value(atPath: "lastName") == .string("Lovelace"))
                #expect(updated.data.value(atPath: "data.plan") == .string("pro"))
                #expect(updated.data.value(atPath: "email") == .string("ada@example.com"))

                let fetched = try await client.send(.get, "/v1/subscribers/ada", auth: auth)
                #expect(fetched.status == .ok)
                #expect(fetched.data == updated.data)

                for index in 0..<3 { _ = try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("s\(index)")) }
                let page = try await client.send(.get, "/v1/subscribers?page=1&limit=3", auth: auth)
                #expect(page.status == .ok)
                #expect(page.json.value(atPath: "page") == .number(1))
                #expect(page.json.value(atPath: "pageSize") == .number(3))
                #expect(page.json.value(atPath: "totalCount") == .number(4))
                #expect(page.data.arrayValue?.count == 1)
                #expect(try await client.send(.get, "/v1/subscribers?limit=0", auth: auth).status == .unprocessableContent)

                // Another environment neither sees nor reaches it.
                let other = "ApiKey \(herald.otherApiKey)"
                #expect(try await client.send(.get, "/v1/subscribers/ada", auth: other).status == .notFound)
                #expect(try await client.send(.get, "/v1/subscribers", auth: other).json.value(atPath: "totalCount") == .number(0))

                let deleted = try await client.send(.delete, "/v1/subscribers/ada", auth: auth)
                #expect(deleted.status == .ok)
                #expect(deleted.data == .object(["acknowledged": .bool(true), "status": .string("deleted")]))
                let missing = try await client.send(.get, "/v1/subscribers/ada", auth: auth)
                #expect(missing.status == .notFound)
                #expect(missing.json.value(atPath: "statusCode") == .number(404))
                #expect(missing.json.value(atPath: "message")?.stringValue?.contains("ada") == true)
                #expect(try await client.send(.delete, "/v1/subscribers/ada", auth: auth).status == .notFound)
                #expect(try await client.send(.put, "/v1/subscribers/ada", auth: auth, json: .object([:])).status == .notFound)
            }
        }
    }

    @Test func validationNamesEachFieldAndRoutesAnswer405And401() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let bad = try await client.send(.post, "/v1/subscribers", auth: auth, json: .object([
                    "email": .string("not an email"), "data": .string("x"), "nickname": .string("n"),
                    "channels": .array([.object(["providerId": .string("sendgrid"), "credentials": .object(["token": .string("t")])])]),
                ]))
                #expect(bad.status == .unprocessableContent)
                #expect(bad.json.value(atPath: "message") == .string("Validation Error"))
                let messages = (bad.json.value(atPath: "errors.general.messages")?.arrayValue ?? []).compactMap(\.stringValue)
                for field in ["subscriberId", "email", "data", "nickname", "channels[0].providerId", "channels[0].credentials.token"] {
                    #expect(messages.contains { $0.contains(field) }, "\(field) in \(messages)")
                }
                _ = try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("u1"))
                let noIntegration = try await client.send(.put, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                    "providerId": .string("slack"), "credentials": .object(["webhookUrl": .string("https://hooks.example.com/x")]),
                ]))
                #expect(noIntegration.status == .notFound)
                #expect(noIntegration.json.value(atPath: "message")?.stringValue?.contains("slack") == true)
                let badCredentials = try await client.send(.patch, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                    "providerId": .string("slack"),
                    "credentials": .object(["webhookUrl": .string("ftp://x"), "deviceTokens": .string("t")]),
                ]))
                #expect(badCredentials.status == .unprocessableContent)
                #expect(badCredentials.text.contains("credentials.webhookUrl") && badCredentials.text.contains("credentials.deviceTokens"))
                let wrongMethod = try await client.send(.patch, "/v1/subscribers/u1", auth: auth, json: .object([:]))
                #expect(wrongMethod.status == .methodNotAllowed)
                #expect(wrongMethod.headers[.allow]?.contains("PUT") == true)
                #expect(try await client.send(.get, "/v1/subscribers/u1/credentials", auth: auth).status == .methodNotAllowed)
                #expect(try await client.send(.get, "/v1/subscribers").status == .unauthorized)
                #expect(try await client.send(.get, "/v1/subscribers?environmentId=\(herald.otherEnvironmentId)", auth: auth).status == .forbidden)
            }
        }
    }

    @Test func credentialsReplaceMergeAndDelete() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let integration = try await Self.integration(client, auth: auth, .object([
                    "providerId": .string("chat-webhook"), "channel": .string("chat"), "active": .bool(true),
                    "identifier": .string("team-chat"), "credentials": .object(["secretKey": .string("s")]),
                ]))
                _ = try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("u1"))
                // Novu's SDK `credentials()` body.
                let put = try await client.send(.put, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                    "providerId": .string("chat-webhook"),
                    "credentials": .object(["webhookUrl": .string("https://hooks.example.com/one")]),
                ]))
                #expect(put.status == .ok, "\(put.text)")
                #expect(put.data.value(atPath: "channels") == .array([.object([
                    "providerId": .string("chat-webhook"), "integrationIdentifier": .string("team-chat"),
                    "_integrationId": integration.value(atPath: "_id")!,
                    "credentials": .object(["webhookUrl": .string("https://hooks.example.com/one")]),
                ])]))
                for tokens in [["a", "b"], ["b", "c"]] {
                    let patched = try await client.send(.patch, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                        "providerId": .string("chat-webhook"), "integrationIdentifier": .string("team-chat"),
                        "credentials": .object(["deviceTokens": .array(tokens.map(JSONValue.string))]),
                    ]))
                    #expect(patched.status == .ok, "\(patched.text)")
                }
                let merged = try await client.send(.get, "/v1/subscribers/u1", auth: auth)
                #expect(merged.data.value(atPath: "channels")?.arrayValue?.count == 1)
                let credentials = merged.data.value(atPath: "channels")?.arrayValue?.first?.value(atPath: "credentials")
                #expect(credentials == .object([
                    "webhookUrl": .string("https://hooks.example.com/one"),
                    "deviceTokens": .array(["a", "b", "c"].map(JSONValue.string)),
                ]))
                let replaced = try await client.send(.put, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                    "providerId": .string("chat-webhook"), "credentials": .object(["channel": .string("#ops")]),
                ]))
                #expect(replaced.data.value(atPath: "channels")?.arrayValue?.first?.value(atPath: "credentials")
                        == .object(["channel": .string("#ops")]))
                let wrongIdentifier = try await client.send(.put, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                    "providerId": .string("chat-webhook"), "integrationIdentifier": .string("nope"), "credentials": .object([:]),
                ]))
                #expect(wrongIdentifier.status == .notFound)
                let removed = try await client.send(.delete, "/v1/subscribers/u1/credentials/chat-webhook", auth: auth)
                #expect(removed.status == .noContent)
                #expect(try await client.send(.get, "/v1/subscribers/u1", auth: auth).data.value(atPath: "channels") == .array([]))
                #expect(try await client.send(.delete, "/v1/subscribers/nobody/credentials/chat-webhook", auth: auth).status == .notFound)
                // Channels given on create are saved the same way.
                let withChannels = try await client.send(.post, "/v1/subscribers", auth: auth, json: .object([
                    "subscriberId": .string("u2"),
                    "channels": .array([.object(["providerId": .string("chat-webhook"),
                                                 "credentials": .object(["webhookUrl": .string("https://hooks.example.com/two")])])]),
                ]))
                #expect(withChannels.status == .created)
                #expect(withChannels.data.value(atPath: "channels")?.arrayValue?.first?.value(atPath: "credentials.webhookUrl")
                        == .string("https://hooks.example.com/two"))
            }
        }
    }

    @Test func openAPIDocumentsEverySubscriberRoute() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let paths = try #require(try await client.send(.get, "/openapi.json").json.value(atPath: "paths")?.objectValue)
                let expected: [String: [String]] = [
                    "/v1/subscribers": ["get", "post"], "/v1/subscribers/{subscriberId}": ["delete", "get", "put"],
                    "/v1/subscribers/{subscriberId}/credentials": ["patch", "put"],
                    "/v1/subscribers/{subscriberId}/credentials/{providerId}": ["delete"],
                ]
                for (path, methods) in expected {
                    #expect(paths[path]?.objectValue?.keys.sorted() == methods, "\(path)")
                    for method in methods {
                        let uri = path.replacingOccurrences(of: "{subscriberId}", with: "nobody")
                            .replacingOccurrences(of: "{providerId}", with: "slack")
                        let answer = try await client.send(.init(rawValue: method.uppercased())!, uri, auth: "ApiKey \(herald.apiKey)",
                                                           json: .object([:]))
                        #expect(answer.status != .methodNotAllowed && answer.status.code < 500, "\(method) \(uri): \(answer.status)")
                    }
                }
            }
        }
    }

    /// Polls a delivery until it is sent (or gives up).
    static func waitSent(_ client: some TestClientProtocol, auth: String, _ id: String) async throws -> String {
        var status = ""
        for _ in 0..<100 {
            status = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth).data.value(atPath: "status")?.stringValue ?? ""
            if status == "sent" || status == "failed" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return status
    }

    @Test func deliveriesToASubscriberUseItsStoredAddresses() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("stored", .respond(status: 200, json: #"{"id":"m-stored"}"#))
            fake.on("explicit", .respond(status: 200, json: #"{"id":"m-explicit"}"#))
            fake.on("mail", .respond(status: 200, json: #"{"id":"m-mail"}"#))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                _ = try await Self.integration(client, auth: auth, .object([
                    "providerId": .string("chat-webhook"), "channel": .string("chat"), "active": .bool(true),
                    "credentials": .object(["secretKey": .string("s")]),
                ]))
                _ = try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("u1"))
                let put = try await client.send(.put, "/v1/subscribers/u1/credentials", auth: auth, json: .object([
                    "providerId": .string("chat-webhook"), "credentials": .object(["webhookUrl": .string(fake.url("stored"))]),
                ]))
                #expect(put.status == .ok)

                func deliver(_ body: JSONValue) async throws -> JSONTestResponse {
                    try await client.send(.post, "/v1/deliveries", auth: auth, json: body)
                }
                let chat = try await deliver(.object([
                    "channel": .string("chat"), "to": .object(["subscriberId": .string("u1")]),
                    "content": .object(["content": .string("to the stored webhook")]),
                ]))
                #expect(chat.status == .accepted, "\(chat.text)")
                let chatId = try #require(chat.data.value(atPath: "_id")?.stringValue)
                #expect(try await Self.waitSent(client, auth: auth, chatId) == "sent")
                #expect(fake.requests(to: "stored").count == 1)

                // An explicit address wins over the subscriber's.
                let explicit = try await deliver(.object([
                    "channel": .string("chat"), "to": .object(["subscriberId": .string("u1"), "webhookUrl": .string(fake.url("explicit"))]),
                    "content": .object(["content": .string("explicit")]),
                ]))
                let explicitId = try #require(explicit.data.value(atPath: "_id")?.stringValue)
                #expect(try await Self.waitSent(client, auth: auth, explicitId) == "sent")
                #expect(fake.requests(to: "explicit").count == 1)
                #expect(fake.requests(to: "stored").count == 1)

                // No address for the channel, or no such subscriber: 422 saying so.
                _ = try await Self.integration(client, auth: auth, .object([
                    "providerId": .string("email-webhook"), "channel": .string("email"), "active": .bool(true),
                    "credentials": .object(["webhookUrl": .string(fake.url("mail")), "secretKey": .string("k"),
                                            "from": .string("app@example.com"), "senderName": .string("App")]),
                ]))
                let email: JSONValue = .object([
                    "channel": .string("email"), "to": .object(["subscriberId": .string("u1")]),
                    "content": .object(["subject": .string("Hi"), "text": .string("Hello")]),
                ])
                let noEmail = try await deliver(email)
                #expect(noEmail.status == .unprocessableContent)
                #expect(noEmail.text.contains("to.subscriberId") && noEmail.text.contains("has no email"), "\(noEmail.text)")
                let unknown = try await deliver(.object([
                    "channel": .string("chat"), "to": .object(["subscriberId": .string("ghost")]),
                    "content": .object(["content": .string("x")]),
                ]))
                #expect(unknown.status == .unprocessableContent)
                #expect(unknown.text.contains("ghost") && unknown.text.contains("not found"))
                let noPush = try await deliver(.object([
                    "channel": .string("sms"), "to": .object(["subscriberId": .string("u1")]),
                    "content": .object(["content": .string("x")]),
                ]))
                #expect(noPush.status == .unprocessableContent)

                // Once the subscriber has an email, the email goes there.
                _ = try await client.send(.put, "/v1/subscribers/u1", auth: auth, json: .object(["email": .string("ada@example.com")]))
                let mailed = try await deliver(email)
                #expect(mailed.status == .accepted, "\(mailed.text)")
                let mailId = try #require(mailed.data.value(atPath: "_id")?.stringValue)
                #expect(try await Self.waitSent(client, auth: auth, mailId) == "sent")
                #expect(fake.requests(to: "mail").first.map { String(decoding: $0.body, as: UTF8.self) }?.contains("ada@example.com") == true)
            }
        }
        await fake.stop()
    }

    /// A WhatsApp Business delivery `to: {subscriberId}` goes to the subscriber's phone; without one, 422 saying so.
    @Test func whatsAppDeliveriesToASubscriberUseItsPhone() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            let path = "v24.0/106540352242922/messages"
            fake.on(path, .respond(status: 200, json: #"{"messaging_product":"whatsapp","contacts":[{"input":"+15558675310","wa_id":"15558675310"}],"messages":[{"id":"wamid.HBgLMTU1NTg2NzUzMTAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}"#))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                _ = try await Self.integration(client, auth: auth, .object([
                    "providerId": .string("whatsapp-business"), "channel": .string("chat"), "active": .bool(true),
                    "credentials": .object([
                        "apiToken": .string("EAAG-token-1"), "phoneNumberIdentification": .string("106540352242922"),
                        "baseUrl": .string(fake.url("")),
                    ]),
                ]))
                var fields = Self.sdkBody("u-wa").objectValue ?? [:]
                fields["phone"] = .string("+15558675310")
                #expect(try await client.send(.post, "/v1/subscribers", auth: auth, json: .object(fields)).status == .created)
                #expect(try await client.send(.post, "/v1/subscribers", auth: auth, json: Self.sdkBody("u-nophone")).status == .created)
                func deliver(_ subscriberId: String) async throws -> JSONTestResponse {
                    try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                        "channel": .string("chat"), "to": .object(["subscriberId": .string(subscriberId)]),
                        "content": .object(["content": .string("Your order shipped")]),
                    ]))
                }
                let sent = try await deliver("u-wa")
                #expect(sent.status == .accepted, "\(sent.text)")
                let request = await fake.nextRequest(to: path)
                #expect(request.json.value(atPath: "to") == .string("+15558675310"))
                #expect(request.json.value(atPath: "text")?.value(atPath: "body") == .string("Your order shipped"))
                let id = try #require(sent.data.value(atPath: "_id")?.stringValue)
                #expect(try await Self.waitSent(client, auth: auth, id) == "sent")

                let refused = try await deliver("u-nophone")
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains("u-nophone") && refused.text.contains("has no phone"), "\(refused.text)")
                #expect(fake.requests(to: path).count == 1)
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
