import Crypto
import Foundation
import HeraldCore
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Provider webhooks in, end to end: a delivery sent through a fake SendGrid, its documented events posted signed
/// to `/v2/inbound-webhooks/…`, matched through the (provider, message id) index and shown on the delivery.
struct ProviderWebhookTests {
    static func post(
        _ client: some TestClientProtocol, _ path: String, _ body: String, headers: [(String, String)]
    ) async throws -> JSONTestResponse {
        try await client.send(.post, path, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    static func signed(_ body: String, key: P256.Signing.PrivateKey, at date: Date = Date()) throws -> [(String, String)] {
        let timestamp = String(Int(date.timeIntervalSince1970))
        let signature = try key.signature(for: Data((timestamp + body).utf8)).derRepresentation.base64EncodedString()
        return [("X-Twilio-Email-Event-Webhook-Signature", signature), ("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)]
    }

    @Test func aSignedSendGridDeliveredEventMarksTheDeliveryDelivered() async throws {
        let fake = try await FakeProviderServer.start()
        let key = P256.Signing.PrivateKey()
        try await TestHerald.with { herald in
            fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "W3hMsgE2E"]),
                    .respond(status: 202, json: "", headers: ["X-Message-Id": "W3hMsgTwo"]))
            fake.on("customer/events", .respond(status: 204, json: ""))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            let dispatcher = herald.runtime.makeWebhookDispatcher(logger: herald.logger, pollInterval: .milliseconds(20))
            let dispatching = Task { try await dispatcher.run() }
            defer { running.cancel(); dispatching.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                // The customer's own endpoint, for delivery.delivered only.
                let endpoint = try await client.send(.post, "/v1/webhook-endpoints", auth: auth, json: .object([
                    "url": .string(fake.url("customer/events")), "eventTypes": .array([.string("delivery.delivered")]),
                ]))
                let secret = try #require(endpoint.data.value(atPath: "secret")?.stringValue)
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
                    "check": .bool(false),
                    "credentials": .object([
                        "apiKey": .string("SG.e2e-key"), "from": .string("no-reply@acme.test"),
                        "senderName": .string("Acme"), "baseUrl": .string(fake.url("")),
                    ]),
                    "configurations": .object([
                        "inboundWebhookEnabled": .bool(true),
                        "inboundWebhookSigningKey": .string(key.publicKey.derRepresentation.base64EncodedString()),
                    ]),
                ]))
                #expect(created.status == .created, "\(created.text)")
                let integrationId = try #require(created.data.value(atPath: "_id")?.stringValue)
                let status = try await client.send(
                    .get, "/v1/integrations/webhook/provider/sendgrid/status", auth: auth)
                #expect(status.data == .bool(true))

                func deliver() async throws -> String {
                    let response = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                        "channel": .string("email"), "to": .object(["email": .string("ann@example.test")]),
                        "content": .object(["subject": .string("Hi"), "html": .string("<p>Hi</p>")]),
                    ]))
                    let id = try #require(response.data.value(atPath: "_id")?.stringValue)
                    #expect(try await SubscribersAPITests.waitSent(client, auth: auth, id) == "sent")
                    return id
                }
                let first = try await deliver()
                let second = try await deliver()
                let path = "/v2/inbound-webhooks/delivery-providers/\(herald.environmentId)/\(integrationId)"

                // SendGrid's documented "delivered" event, matched by sg_message_id (the X-Message-Id of the send).
                let delivered = #"[{"email":"ann@example.test","timestamp":\#(Int(Date().timeIntervalSince1970)),"event":"delivered","sg_event_id":"evt-delivered-1","sg_message_id":"W3hMsgE2E.filterdrecv-p3las1-5bf4.5E9D9C8A1.0","response":"250 OK"}]"#
                let accepted = try await Self.post(client, path, delivered, headers: try Self.signed(delivered, key: key))
                #expect(accepted.status == .ok, "\(accepted.text)")
                #expect(accepted.data.value(atPath: "recorded") == .number(1))
                // The provider retries: the same event is recorded once.
                let again = try await Self.post(client, path, delivered, headers: try Self.signed(delivered, key: key))
                #expect(again.data.value(atPath: "duplicates") == .number(1))

                let read = try await client.send(.get, "/v1/deliveries/\(first)", auth: auth)
                #expect(read.data.value(atPath: "status") == .string("delivered"))
                let events = try #require(read.data.value(atPath: "events")?.arrayValue)
                #expect(events.count == 1)
                #expect(events.first?.value(atPath: "status") == .string("delivered"))
                #expect(events.first?.value(atPath: "messageId") == .string("W3hMsgE2E"))
                #expect(events.first?.value(atPath: "verified") == .bool(true))
                // The customer hears of it, signed as Standard Webhooks defines.
                let announced = await fake.nextRequest(to: "customer/events")
                #expect(WebhookEndpointsAPITests.verify(announced, secret: secret))
                #expect(announced.json.value(atPath: "type") == .string("delivery.delivered"))
                #expect(announced.json.value(atPath: "data")?.value(atPath: "deliveryId") == .string(first))
                #expect(announced.json.value(atPath: "data")?.value(atPath: "status") == .string("delivered"))

                // Unsigned, tampered and replayed events change nothing (401); the second delivery stays sent.
                let bounce = #"[{"email":"ann@example.test","timestamp":1767225600,"event":"bounce","sg_event_id":"evt-b","sg_message_id":"W3hMsgTwo.filter","reason":"550 unknown"}]"#
                let unsigned = try await Self.post(client, path, bounce, headers: [])
                #expect(unsigned.status == .unauthorized)
                #expect(unsigned.json.value(atPath: "statusCode") == .number(401))
                var tampered = try Self.signed(bounce, key: key)
                tampered[0].1 = try key.signature(for: Data("other".utf8)).derRepresentation.base64EncodedString()
                #expect(try await Self.post(client, path, bounce, headers: tampered).status == .unauthorized)
                let replayed = try Self.signed(bounce, key: key, at: Date().addingTimeInterval(-3600))
                #expect(try await Self.post(client, path, bounce, headers: replayed).status == .unauthorized)
                let untouched = try await client.send(.get, "/v1/deliveries/\(second)", auth: auth)
                #expect(untouched.data.value(atPath: "status") == .string("sent"))
                #expect(untouched.data.value(atPath: "events") == nil)

                // Signed, the bounce fails the delivery and keeps the reason.
                let bounced = try await Self.post(client, path, bounce, headers: try Self.signed(bounce, key: key))
                #expect(bounced.data.value(atPath: "recorded") == .number(1))
                let failed = try await client.send(.get, "/v1/deliveries/\(second)", auth: auth)
                #expect(failed.data.value(atPath: "status") == .string("failed"))
                #expect(failed.data.value(atPath: "events")?.arrayValue?.first?.value(atPath: "detail") == .string("550 unknown"))

                // Unknown message ids are acknowledged, not an error.
                let unknown = #"[{"email":"x@example.test","timestamp":1767225600,"event":"delivered","sg_event_id":"e-u","sg_message_id":"NoSuchMessage.filter"}]"#
                let ack = try await Self.post(client, path, unknown, headers: try Self.signed(unknown, key: key))
                #expect(ack.status == .ok && ack.data.value(atPath: "unmatched") == .number(1))

                // Another environment's id in the path finds nothing (404); malformed bodies are 400.
                let elsewhere = "/v2/inbound-webhooks/delivery-providers/\(herald.otherEnvironmentId)/\(integrationId)"
                #expect(try await Self.post(client, elsewhere, delivered, headers: try Self.signed(delivered, key: key)).status == .notFound)
                let malformed = try await Self.post(client, path, "{not json", headers: try Self.signed("{not json", key: key))
                #expect(malformed.status == .badRequest)
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        #expect(fake.requests(to: "customer/events").count == 1)
        await fake.stop()
    }

    @Test func unsignedEventsAreRecordedButChangeNothingWhenSignaturesAreNotRequired() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "UnsignedMsg"]))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
                    "check": .bool(false),
                    "credentials": .object([
                        "apiKey": .string("SG.k"), "from": .string("a@acme.test"), "senderName": .string("A"),
                        "baseUrl": .string(fake.url("")),
                    ]),
                ]))
                let integrationId = try #require(created.data.value(atPath: "_id")?.stringValue)
                let response = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("email"), "to": .object(["email": .string("ann@example.test")]),
                    "content": .object(["subject": .string("Hi"), "html": .string("<p>Hi</p>")]),
                ]))
                let id = try #require(response.data.value(atPath: "_id")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, id) == "sent")
                let path = "/v2/inbound-webhooks/delivery-providers/\(herald.environmentId)/\(integrationId)"
                let bounce = #"[{"email":"ann@example.test","timestamp":1767225600,"event":"bounce","sg_event_id":"evt-u","sg_message_id":"UnsignedMsg.filter"}]"#
                let answer = try await Self.post(client, path, bounce, headers: [])
                #expect(answer.status == .ok && answer.data.value(atPath: "verified") == .bool(false))
                let read = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth)
                #expect(read.data.value(atPath: "status") == .string("sent"))
                #expect(read.data.value(atPath: "events")?.arrayValue?.first?.value(atPath: "verified") == .bool(false))
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    /// Hostile reports found by review: an absurd timestamp, an unsigned copy of an event before the signed one,
    /// NUL characters, a report naming another provider's delivery.
    @Test func hostileReportsNeitherCrashNorBlockTheRealOne() async throws {
        let fake = try await FakeProviderServer.start()
        let key = P256.Signing.PrivateKey()
        try await TestHerald.with { herald in
            fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "HostileMsg"]))
            fake.on("chat", .respond(status: 200, json: #"{"ok":true}"#))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                // Signatures checked when present, unsigned reports accepted (inert).
                let created = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
                    "check": .bool(false),
                    "credentials": .object(["apiKey": .string("SG.k"), "from": .string("a@acme.test"),
                                            "senderName": .string("A"), "baseUrl": .string(fake.url(""))]),
                    "configurations": .object([
                        "inboundWebhookSigningKey": .string(key.publicKey.derRepresentation.base64EncodedString()),
                    ]),
                ]))
                let integrationId = try #require(created.data.value(atPath: "_id")?.stringValue)
                _ = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("chat-webhook"), "channel": .string("chat"), "active": .bool(true),
                    "credentials": .object(["secretKey": .string("s")]),
                ]))
                let email = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("email"), "to": .object(["email": .string("ann@example.test")]),
                    "content": .object(["subject": .string("Hi"), "text": .string("hello")]),
                ]))
                let id = try #require(email.data.value(atPath: "_id")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, id) == "sent")
                let chat = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("chat"), "to": .object(["webhookUrl": .string(fake.url("chat"))]),
                    "content": .object(["content": .string("hi")]),
                ]))
                let chatId = try #require(chat.data.value(atPath: "_id")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, chatId) == "sent")
                let path = "/v2/inbound-webhooks/delivery-providers/\(herald.environmentId)/\(integrationId)"

                // A timestamp of 1e300 is stored as the time of receipt; reading the delivery still works.
                let absurd = #"[{"email":"ann@example.test","timestamp":1e300,"event":"open","sg_event_id":"e-absurd","sg_message_id":"HostileMsg.f"}]"#
                #expect(try await Self.post(client, path, absurd, headers: []).status == .ok)
                let read = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth)
                #expect(read.status == .ok)
                let occurred = read.data.value(atPath: "events")?.arrayValue?.first?.value(atPath: "occurredAt")?.stringValue
                #expect(occurred?.hasPrefix("20") == true, "\(read.text)")

                // An unsigned copy of an event id does not block the signed event.
                let bounce = #"[{"email":"ann@example.test","timestamp":\#(Int(Date().timeIntervalSince1970)),"event":"bounce","sg_event_id":"e-b","sg_message_id":"HostileMsg.f"}]"#
                #expect(try await Self.post(client, path, bounce, headers: []).data.value(atPath: "verified") == .bool(false))
                let signed = try await Self.post(client, path, bounce, headers: try Self.signed(bounce, key: key))
                #expect(signed.data.value(atPath: "recorded") == .number(1), "\(signed.text)")
                #expect(try await client.send(.get, "/v1/deliveries/\(id)", auth: auth).data.value(atPath: "status") == .string("failed"))

                // NUL characters are dropped, not a 500.
                let nul = #"[{"email":"a\u0000b@example.test","timestamp":1767225600,"event":"delivered","sg_event_id":"e\u0000n","sg_message_id":"Hostile\u0000Msg.f"}]"#
                #expect(try await Self.post(client, path, nul, headers: try Self.signed(nul, key: key)).status == .ok)

                // A SendGrid report naming the chat delivery's id matches nothing.
                let foreign = #"[{"email":"x@example.test","timestamp":1767225600,"event":"bounce","sg_event_id":"e-f","id":"\#(chatId)","sg_message_id":"Other.f"}]"#
                let answer = try await Self.post(client, path, foreign, headers: try Self.signed(foreign, key: key))
                #expect(answer.data.value(atPath: "unmatched") == .number(1))
                #expect(try await client.send(.get, "/v1/deliveries/\(chatId)", auth: auth).data.value(atPath: "status") == .string("sent"))

                // Customers cannot take the idempotency keys fallback steps use.
                let reserved = try await client.send(
                    .post, "/v1/deliveries",
                    headers: [("Authorization", auth), ("Content-Type", "application/json"), ("Idempotency-Key", "fallback:\(id)")],
                    body: #"{"channel":"chat","to":{"webhookUrl":"\#(fake.url("chat"))"},"content":{"content":"x"}}"#)
                #expect(reserved.status == .unprocessableContent)
                #expect(reserved.text.contains("Idempotency-Key"))
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
