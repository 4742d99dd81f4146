import Crypto
import Foundation
import HeraldCore
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Channel fallback: a delivery whose channel fails for good, or whose provider later reports a bounce, sends its
/// next `fallback` step as a new delivery linked both ways.
struct FallbackTests {
    @Test func fallbackStepsAreValidatedByName() throws {
        func problems(_ fallback: JSONValue) -> [String] {
            do {
                _ = try DeliveryRequestParser.parse([
                    "channel": .string("email"), "to": .object(["email": .string("a@example.test")]),
                    "content": .object(["subject": .string("s"), "html": .string("h")]), "fallback": fallback,
                ])
                return []
            } catch let error as HeraldError {
                return error.messages
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems(.array([.object(["channel": .string("sms"), "to": .object(["phone": .string("+15558675310")]),
                                          "content": .object(["content": .string("x")])])])) == [])
        #expect(problems(.string("sms")) == ["fallback must be an array of 1 to 5 steps"])
        #expect(problems(.array(Array(repeating: .object([:]), count: 6))) == ["fallback must be an array of 1 to 5 steps"])
        #expect(problems(.array([.object(["channel": .string("pager"), "content": .object([:])])])).contains {
            $0.hasPrefix("fallback[0].channel must be one of") })
        // No address of its own: the original's `to` is used, and an email address is no phone number.
        #expect(problems(.array([.object(["channel": .string("sms"), "content": .object(["content": .string("x")])])]))
            .contains { $0.hasPrefix("fallback[0].to.phone") })
        #expect(problems(.array([.object(["channel": .string("sms"), "extra": .bool(true),
                                          "to": .object(["phone": .string("+15558675310")]),
                                          "content": .object(["content": .string("x")])])]))
            == ["property fallback[0].extra should not exist"])
    }

    @Test func aChannelThatFailsForGoodSendsTheNextStep() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("dead", .respond(status: 400, json: #"{"error":"no such hook"}"#))
            fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "FallbackMail"]))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                for body: JSONValue in [
                    .object(["providerId": .string("chat-webhook"), "channel": .string("chat"), "active": .bool(true),
                             "credentials": .object(["secretKey": .string("s")])]),
                    .object(["providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
                             "check": .bool(false),
                             "credentials": .object(["apiKey": .string("SG.k"), "from": .string("a@acme.test"),
                                                     "senderName": .string("A"), "baseUrl": .string(fake.url(""))])]),
                ] {
                    #expect(try await client.send(.post, "/v1/integrations", auth: auth, json: body).status == .created)
                }
                let created = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("chat"), "to": .object(["webhookUrl": .string(fake.url("dead"))]),
                    "content": .object(["content": .string("first try")]), "transactionId": .string("tx-fb"),
                    "fallback": .array([.object([
                        "channel": .string("email"), "to": .object(["email": .string("ann@example.test")]),
                        "content": .object(["subject": .string("Fallback"), "text": .string("by email")]),
                    ])]),
                ]))
                #expect(created.status == .accepted, "\(created.text)")
                let id = try #require(created.data.value(atPath: "_id")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, id) == "failed")
                let mail = await fake.nextRequest(to: "v3/mail/send")
                #expect(mail.json.value(atPath: "subject") == .string("Fallback"))
                let parent = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth)
                let next = try #require(parent.data.value(atPath: "fallbackDeliveryId")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, next) == "sent")
                let child = try await client.send(.get, "/v1/deliveries/\(next)", auth: auth)
                #expect(child.data.value(atPath: "fallbackOf") == .string(id))
                #expect(child.data.value(atPath: "channel") == .string("email"))
                #expect(child.data.value(atPath: "transactionId") == .string("tx-fb"))
                #expect(fake.requests(to: "v3/mail/send").count == 1)
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func aBounceReportSendsTheNextStep() async throws {
        let fake = try await FakeProviderServer.start()
        let key = P256.Signing.PrivateKey()
        try await TestHerald.with { herald in
            fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "BouncingMail"]))
            fake.on("chat-hook", .respond(status: 200, json: #"{"ok":true}"#))
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let sendgrid = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
                    "check": .bool(false),
                    "credentials": .object(["apiKey": .string("SG.k"), "from": .string("a@acme.test"),
                                            "senderName": .string("A"), "baseUrl": .string(fake.url(""))]),
                    "configurations": .object([
                        "inboundWebhookEnabled": .bool(true),
                        "inboundWebhookSigningKey": .string(key.publicKey.derRepresentation.base64EncodedString()),
                    ]),
                ]))
                let integrationId = try #require(sendgrid.data.value(atPath: "_id")?.stringValue)
                _ = try await client.send(.post, "/v1/integrations", auth: auth, json: .object([
                    "providerId": .string("chat-webhook"), "channel": .string("chat"), "active": .bool(true),
                    "credentials": .object(["secretKey": .string("s")]),
                ]))
                let created = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                    "channel": .string("email"), "to": .object(["email": .string("ann@example.test")]),
                    "content": .object(["subject": .string("Hi"), "text": .string("hello")]),
                    "fallback": .array([.object([
                        "channel": .string("chat"), "to": .object(["webhookUrl": .string(fake.url("chat-hook"))]),
                        "content": .object(["content": .string("the email bounced")]),
                    ])]),
                ]))
                let id = try #require(created.data.value(atPath: "_id")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, id) == "sent")
                #expect(fake.requests(to: "chat-hook").isEmpty)
                let bounce = #"[{"email":"ann@example.test","timestamp":\#(Int(Date().timeIntervalSince1970)),"event":"bounce","sg_event_id":"b-1","sg_message_id":"BouncingMail.filter","reason":"550 no mailbox"}]"#
                let answer = try await ProviderWebhookTests.post(
                    client, "/v2/inbound-webhooks/delivery-providers/\(herald.environmentId)/\(integrationId)", bounce,
                    headers: try ProviderWebhookTests.signed(bounce, key: key))
                #expect(answer.data.value(atPath: "recorded") == .number(1))
                let chat = await fake.nextRequest(to: "chat-hook")
                #expect(String(decoding: chat.body, as: UTF8.self).contains("the email bounced"))
                let parent = try await client.send(.get, "/v1/deliveries/\(id)", auth: auth)
                #expect(parent.data.value(atPath: "status") == .string("failed"))
                let next = try #require(parent.data.value(atPath: "fallbackDeliveryId")?.stringValue)
                #expect(try await SubscribersAPITests.waitSent(client, auth: auth, next) == "sent")
                // The trigger runs again (another instance, a retried save): the same step, not a second one.
                let failedParent = try await herald.runtime.deliveries.get(id: id, environmentId: herald.environmentId)
                async let first = herald.runtime.fallback.followUp(failedParent)
                async let second = herald.runtime.fallback.followUp(failedParent)
                let (a, b) = await (first, second)
                #expect(a?.id == next && b?.id == next)
                let children = try await herald.runtime.deliveries.list(
                    environmentId: herald.environmentId, status: nil, channel: .chat, limit: 10, page: 0)
                #expect(children.count == 1)
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
