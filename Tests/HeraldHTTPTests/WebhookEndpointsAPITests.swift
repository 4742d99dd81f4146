import Crypto
import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `/v1/webhook-endpoints` through the real router, and signed customer webhooks end to end.
@Suite struct WebhookEndpointsAPITests {
    @Test func crudValidationSecretShownOnceAndIsolation() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/webhook-endpoints", auth: auth, json: .object([
                    "url": .string("http://127.0.0.1:9/hooks/herald"), "eventTypes": .array([.string("delivery.sent")]),
                    "description": .string("ops"),
                ]))
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.data.value(atPath: "_id")?.stringValue)
                let secret = try #require(created.data.value(atPath: "secret")?.stringValue)
                #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 24)
                #expect(created.data.value(atPath: "enabled") == .bool(true))
                #expect(created.data.value(atPath: "eventTypes") == .array([.string("delivery.sent")]))
                #expect(created.data.value(atPath: "_environmentId") == .string(herald.environmentId))

                // The secret is never shown again.
                let fetched = try await client.send(.get, "/v1/webhook-endpoints/\(id)", auth: auth)
                #expect(fetched.status == .ok)
                #expect(fetched.data.value(atPath: "secret") == nil && !fetched.text.contains(secret))
                #expect(fetched.data.value(atPath: "description") == .string("ops"))
                let listed = try await client.send(.get, "/v1/webhook-endpoints", auth: auth)
                #expect(listed.data.arrayValue?.count == 1 && !listed.text.contains(secret))
                let updated = try await client.send(.put, "/v1/webhook-endpoints/\(id)", auth: auth, json: .object([
                    "enabled": .bool(false), "eventTypes": .array([]), "description": .null,
                ]))
                #expect(updated.status == .ok, "\(updated.text)")
                #expect(updated.data.value(atPath: "enabled") == .bool(false))
                #expect(updated.data.value(atPath: "eventTypes") == .array([]))
                #expect(updated.data.value(atPath: "description") == nil)
                #expect(updated.data.value(atPath: "url") == .string("http://127.0.0.1:9/hooks/herald"))
                #expect(updated.data.value(atPath: "secret") == nil && !updated.text.contains(secret))

                let rotated = try await client.send(.post, "/v1/webhook-endpoints/\(id)/rotate-secret", auth: auth)
                #expect(rotated.status == .ok)
                let newSecret = try #require(rotated.data.value(atPath: "secret")?.stringValue)
                #expect(newSecret.hasPrefix("whsec_") && newSecret != secret)
                let stored = try await herald.runtime.webhooks.endpoints.find(id: id, environmentId: herald.environmentId)
                #expect(stored?.secret.value == newSecret)

                // Bad input: 422 naming the field; nothing written.
                let badType = try await client.send(.put, "/v1/webhook-endpoints/\(id)", auth: auth, json: .object([
                    "eventTypes": .array([.string("delivery.exploded")]),
                ]))
                #expect(badType.status == .unprocessableContent)
                #expect(badType.text.contains("eventTypes must only contain"))
                for (body, message) in [
                    (JSONValue.object([:]), "url should not be empty"),
                    (.object(["url": .string("ftp://example.com/x")]), "url must be an http or https URL"),
                    (.object(["url": .string("http://169.254.169.254/latest")]), "url is refused"),
                    (.object(["url": .string("http://127.0.0.1:9/x"), "secret": .string("mine")]), "property secret should not exist"),
                    (.object(["url": .string("http://127.0.0.1:9/x"), "enabled": .string("yes")]), "enabled must be a boolean"),
                ] {
                    let answer = try await client.send(.post, "/v1/webhook-endpoints", auth: auth, json: body)
                    #expect(answer.status == .unprocessableContent, "\(body)")
                    #expect(answer.json.value(atPath: "message") == .string("Validation Error"))
                    #expect(answer.text.contains(message), "\(answer.text)")
                }
                #expect(try await client.send(.get, "/v1/webhook-endpoints", auth: auth).data.arrayValue?.count == 1)

                // Another environment sees nothing of it.
                let other = "ApiKey \(herald.otherApiKey)"
                #expect(try await client.send(.get, "/v1/webhook-endpoints", auth: other).data == .array([]))
                #expect(try await client.send(.get, "/v1/webhook-endpoints/\(id)", auth: other).status == .notFound)
                #expect(try await client.send(.put, "/v1/webhook-endpoints/\(id)", auth: other, json: .object([:])).status == .notFound)
                #expect(try await client.send(.post, "/v1/webhook-endpoints/\(id)/rotate-secret", auth: other).status == .notFound)
                #expect(try await client.send(.get, "/v1/webhook-endpoints/\(id)/attempts", auth: other).status == .notFound)
                #expect(try await client.send(.delete, "/v1/webhook-endpoints/\(id)", auth: other).status == .notFound)
                #expect(try await client.send(
                    .get, "/v1/webhook-endpoints?environmentId=\(herald.otherEnvironmentId)", auth: auth).status == .forbidden)

                // The admin token names the environment.
                let admin = "Bearer \(herald.keys.adminToken)"
                #expect(try await client.send(.get, "/v1/webhook-endpoints", auth: admin).status == .unprocessableContent)
                let adminList = try await client.send(.get, "/v1/webhook-endpoints?environmentId=\(herald.environmentId)", auth: admin)
                #expect(adminList.data.arrayValue?.count == 1 && !adminList.text.contains(newSecret))

                let attempts = try await client.send(.get, "/v1/webhook-endpoints/\(id)/attempts?page=0&limit=5", auth: auth)
                #expect(attempts.status == .ok)
                #expect(attempts.json.value(atPath: "totalCount") == .number(0) && attempts.data == .array([]))
                #expect(try await client.send(.get, "/v1/webhook-endpoints/\(id)/attempts?limit=0", auth: auth).status
                        == .unprocessableContent)
                #expect(try await client.send(.patch, "/v1/webhook-endpoints/\(id)", auth: auth).status == .methodNotAllowed)

                let deleted = try await client.send(.delete, "/v1/webhook-endpoints/\(id)", auth: auth)
                #expect(deleted.status == .ok)
                #expect(try await client.send(.get, "/v1/webhook-endpoints/\(id)", auth: auth).status == .notFound)
                #expect(!herald.logs.text.contains(secret) && !herald.logs.text.contains(newSecret))
            }
        }
    }

    @Test func openAPIDocumentsEveryWebhookEndpointRoute() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let paths = try #require(try await client.send(.get, "/openapi.json").json.value(atPath: "paths")?.objectValue)
                let expected: [String: [String]] = [
                    "/v1/webhook-endpoints": ["get", "post"],
                    "/v1/webhook-endpoints/{endpointId}": ["delete", "get", "put"],
                    "/v1/webhook-endpoints/{endpointId}/rotate-secret": ["post"],
                    "/v1/webhook-endpoints/{endpointId}/attempts": ["get"],
                ]
                for (path, methods) in expected {
                    #expect(paths[path]?.objectValue?.keys.sorted() == methods, "\(path)")
                    for method in methods {
                        let uri = path.replacingOccurrences(of: "{endpointId}", with: "nobody")
                        let answer = try await client.send(.init(rawValue: method.uppercased())!, uri, auth: "ApiKey \(herald.apiKey)",
                                                           json: .object([:]))
                        #expect(answer.status != .methodNotAllowed && answer.status.code < 500, "\(method) \(uri): \(answer.status)")
                    }
                }
            }
        }
    }

    /// The Standard Webhooks check, written out here: HMAC-SHA256 of "{id}.{timestamp}.{body}" under the key
    /// after `whsec_`, base64, as `v1,…`.
    static func verify(_ request: FakeProviderServer.Recorded, secret: String) -> Bool {
        guard let id = request.header("webhook-id"), let timestamp = request.header("webhook-timestamp"),
            let signature = request.header("webhook-signature"),
            let key = Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
        else { return false }
        let signed = Data("\(id).\(timestamp).".utf8) + Data(request.body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return signature.split(separator: " ").contains { $0 == "v1," + Data(mac).base64EncodedString() }
    }

    @Test func deliverySentArrivesSignedAndIsRetriedAfterA500() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("chat", .respond(status: 200, json: #"{"id":"chat-1"}"#))
            _ = try await herald.runtime.integrations.create(CreateIntegrationInput(
                environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat,
                credentials: Credentials(["secretKey": .string("chat-secret")]), active: true),
                principal: try await herald.apiKeyPrincipal())
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let dispatcher = herald.runtime.makeWebhookDispatcher(
                logger: herald.logger, schedule: WebhookRetrySchedule(delays: Array(repeating: 0.05, count: 7)),
                pollInterval: .milliseconds(50))
            let running = Task { try await worker.run() }
            let dispatching = Task { try await dispatcher.run() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let endpoint = try await client.send(.post, "/v1/webhook-endpoints", auth: auth, json: .object([
                    "url": .string(fake.url("hooks/herald?token=url-token")), "eventTypes": .array([.string("delivery.sent")]),
                ]))
                #expect(endpoint.status == .created, "\(endpoint.text)")
                let endpointId = try #require(endpoint.data.value(atPath: "_id")?.stringValue)
                let secret = try #require(endpoint.data.value(atPath: "secret")?.stringValue)
                // A second endpoint that wants only failures receives nothing.
                _ = try await client.send(.post, "/v1/webhook-endpoints", auth: auth, json: .object([
                    "url": .string(fake.url("hooks/failures")), "eventTypes": .array([.string("delivery.failed")]),
                ]))
                // The first answer is a 500 that echoes the secret: the attempt log must not keep it.
                fake.on("hooks/herald", .respond(status: 500, json: #"{"error":"down","echo":"\#(secret)"}"#),
                        .respond(status: 200, json: "{}"))

                let created = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("chat"), "to": .object(["webhookUrl": .string(fake.url("chat"))]),
                    "content": .object(["content": .string("Deploy finished")]), "transactionId": .string("tx-42"),
                ]))
                #expect(created.status == .accepted)
                let deliveryId = try #require(created.data.value(atPath: "_id")?.stringValue)

                let first = await fake.nextRequest(to: "hooks/herald", after: 0)
                let second = await fake.nextRequest(to: "hooks/herald", after: 1)
                dispatcher.stop()
                try await dispatching.value  // the second attempt is recorded before the dispatcher returns
                for request in [first, second] {
                    #expect(request.method == "POST" && request.query == "token=url-token")
                    #expect(request.header("content-type") == "application/json")
                    #expect(Self.verify(request, secret: secret), "signature verifies")
                    let timestamp = try #require(request.header("webhook-timestamp").flatMap(Double.init))
                    #expect(abs(timestamp - Date().timeIntervalSince1970) < 120)
                }
                #expect(first.header("webhook-id") == second.header("webhook-id"), "the same message id on a retry")
                #expect(first.header("webhook-id")?.hasPrefix("msg_") == true)
                #expect(first.body == second.body)
                let body = first.json
                #expect(body.value(atPath: "type") == .string("delivery.sent"))
                #expect(body.value(atPath: "timestamp")?.stringValue != nil)
                #expect(body.value(atPath: "data.deliveryId") == .string(deliveryId))
                #expect(body.value(atPath: "data.channel") == .string("chat"))
                #expect(body.value(atPath: "data.status") == .string("sent"))
                #expect(body.value(atPath: "data.providerId") == .string("chat-webhook"))
                #expect(body.value(atPath: "data.messageId") == .string("chat-1"))
                #expect(body.value(atPath: "data.transactionId") == .string("tx-42"))
                #expect(body.value(atPath: "data.integrationId")?.stringValue != nil)

                let attempts = try await client.send(.get, "/v1/webhook-endpoints/\(endpointId)/attempts", auth: auth)
                #expect(attempts.json.value(atPath: "totalCount") == .number(2), "\(attempts.text)")
                let log = try #require(attempts.data.arrayValue)
                #expect(log.map { $0.value(atPath: "attempt") } == [.number(2), .number(1)], "newest first")
                #expect(log.map { $0.value(atPath: "statusCode") } == [.number(200), .number(500)])
                #expect(log[0].value(atPath: "error") == .null)
                let error = try #require(log[1].value(atPath: "error")?.stringValue)
                #expect(error.hasPrefix("HTTP 500: ") && error.contains("[redacted]") && !error.contains(secret), "\(error)")
                #expect(log.allSatisfy { $0.value(atPath: "eventId")?.stringValue == first.header("webhook-id") })
                #expect(log.allSatisfy { $0.value(atPath: "eventType") == .string("delivery.sent") })
                #expect(!attempts.text.contains(secret))
                #expect(fake.requests(to: "hooks/failures").isEmpty)
                #expect(!herald.logs.text.contains(secret))
            }
            worker.stop()
            try await running.value
        }
        #expect(fake.unexpectedPaths.isEmpty, "\(fake.unexpectedPaths)")
        await fake.stop()
    }
}
