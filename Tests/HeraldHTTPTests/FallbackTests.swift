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
    /// An active chat-webhook integration and an active SendGrid one at `sendGridBase` (a fake).
    static func chatAndEmail(_ client: some TestClientProtocol, auth: String, sendGridBase: String) async throws {
        let sendgrid: [String: JSONValue] = [
            "apiKey": .string("SG.k"), "from": .string("a@acme.test"), "senderName": .string("A"),
            "baseUrl": .string(sendGridBase),
        ]
        for body: JSONValue in [
            .object(["providerId": .string("chat-webhook"), "channel": .string("chat"), "active": .bool(true),
                     "credentials": .object(["secretKey": .string("s")])]),
            .object(["providerId": .string("sendgrid"), "channel": .string("email"), "active": .bool(true),
                     "check": .bool(false), "credentials": .object(sendgrid)]),
        ] {
            #expect(try await client.send(.post, "/v1/integrations", auth: auth, json: body).status == .created)
        }
    }

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
                try await Self.chatAndEmail(client, auth: auth, sendGridBase: fake.url(""))
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
                #expect(try await herald.runtime.deliveryStore.followUpsDue(now: Date().addingTimeInterval(3600), limit: 10)
                    .isEmpty, "the follow-up marks were cleared once recorded")
            }
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    /// An instance that dies between saving a failed delivery and recording its follow-up leaves a mark (written by
    /// the save itself); a worker's sweep finishes it: the `delivery.failed` event and the fallback step, once each.
    @Test func aFollowUpLeftBehindByACrashIsFinishedByTheSweep() async throws {
        // The worker started at the end also sends the queued fallback steps: to a fake SendGrid.
        let fake = try await FakeProviderServer.start()
        fake.on("v3/mail/send", .respond(status: 202, json: "", headers: ["X-Message-Id": "SweptMail"]))
        try await TestHerald.with { herald in
            let runtime = herald.runtime
            let store = runtime.deliveryStore
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let endpoint = try await client.send(.post, "/v1/webhook-endpoints", auth: auth, json: .object([
                    "url": .string("http://127.0.0.1:9/herald"), "eventTypes": .array([.string("delivery.failed")]),
                ]))
                #expect(endpoint.status == .created, "\(endpoint.text)")
                try await Self.chatAndEmail(client, auth: auth, sendGridBase: fake.url(""))
            }
            let environment = try #require(try await runtime.tenancy.environment(id: herald.environmentId))
            var request = DeliveryRequest(channel: .chat, to: .init(webhookUrl: "http://127.0.0.1:9/hook"),
                                          content: .init(content: "first try"))
            request.fallback = [.init(channel: .email, to: .init(email: "ann@example.test"),
                                      content: .init(subject: "Fallback", text: "by email"))]
            /// Enqueues `request` and claims it for an instance about to crash, its outcome a failure (not yet saved).
            func failedByACrashingInstance(_ request: DeliveryRequest) async throws -> Delivery {
                let enqueued = try await runtime.deliveries.enqueue(request, environment: environment, idempotencyKey: nil, bodyHash: nil).0
                let now = Date()
                var claimed = try #require(try await store.claim(owner: "crashed", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
                    .first { $0.id == enqueued.id })
                claimed.status = .failed
                return claimed
            }
            let claimed = try await failedByACrashingInstance(request)
            let now = Date()
            let followUp = DeliveryFollowUp(events: runtime.webhooks.publisher, fallback: { [fallback = runtime.fallback] in
                try await fallback.enqueueNext($0)
            })
            // What the worker would mark: the failure owes its event (an endpoint wants it) and its fallback; a sent
            // outcome nobody subscribed to owes nothing.
            let mark = try #require(await followUp.mark(for: claimed, dueAt: now.addingTimeInterval(120)))
            #expect(mark.event == .deliveryFailed && mark.attempts == claimed.attempts.count)
            var sent = claimed
            sent.status = .sent
            #expect(await followUp.mark(for: sent, dueAt: now) == nil, "no endpoint wants delivery.sent, no fallback")
            #expect(await DeliveryFollowUp.none.mark(for: claimed, dueAt: now) == nil)
            // The crashed instance's save, and nothing after it.
            #expect(try await store.save(claimed, owner: "crashed", followUp: mark))
            #expect(try await store.find(id: claimed.id, environmentId: herald.environmentId)?.fallbackDeliveryId == nil)
            // A provider report changed the delivery since: the sweep still sends what the saved outcome owed.
            try await runtime.driver.write { db in
                try await db.raw("UPDATE deliveries SET status = 'delivered' WHERE id = \(bind: claimed.id)").run()
            }

            // Before the mark is due the sweep leaves it to the instance that saved it.
            #expect(try await followUp.sweep(store: store, now: now, limit: 10, logger: herald.logger) == 0)
            let due = now.addingTimeInterval(121)
            #expect(try await followUp.sweep(store: store, now: due, limit: 10, logger: herald.logger) == 1)
            let parent = try #require(try await store.find(id: claimed.id, environmentId: herald.environmentId))
            let next = try #require(parent.fallbackDeliveryId, "the fallback step was enqueued")
            #expect(try await store.find(id: next, environmentId: herald.environmentId)?.request.channel == .email)
            #expect(try await store.followUpsDue(now: due.addingTimeInterval(3600), limit: 10).isEmpty, "mark cleared")
            // A second sweep (or another instance's) finds nothing; running the follow-up again writes nothing new.
            #expect(try await followUp.sweep(store: store, now: due, limit: 10, logger: herald.logger) == 0)
            try await followUp.run(parent, mark: mark, logger: herald.logger)
            let messages = try await runtime.driver.read { db in
                try await db.raw("SELECT event_type, body FROM webhook_messages").all()
                    .map { try $0.decode(column: "event_type", as: String.self) }
            }
            #expect(messages == ["delivery.failed"], "one event for the endpoint: \(messages)")
            let fallbacks = try await store.list(environmentId: herald.environmentId, status: nil, channel: .email, limit: 10, offset: 0)
            #expect(fallbacks.map(\.id) == [next], "one fallback delivery")

            // A fallback the request makes impossible (no SMS integration) is dropped, not retried for ever.
            var impossible = request
            impossible.fallback = [.init(channel: .sms, to: .init(phone: "+15558675310"), content: .init(content: "sms"))]
            let failedAgain = try await failedByACrashingInstance(impossible)
            let later = Date()
            #expect(try await store.save(failedAgain, owner: "crashed", followUp: FollowUpMark(
                event: .deliveryFailed, attempts: 0, dueAt: later.addingTimeInterval(-1))))
            #expect(try await followUp.sweep(store: store, now: later, limit: 10, logger: herald.logger) == 1)
            #expect(try await store.followUpsDue(now: later.addingTimeInterval(3600), limit: 10).isEmpty, "dropped, not retried")

            // A worker sweeps when it starts (then every `sweepInterval`).
            let failed = try await failedByACrashingInstance(request)
            let latest = Date()
            #expect(try await store.save(failed, owner: "crashed", followUp: FollowUpMark(
                event: .deliveryFailed, attempts: 0, dueAt: latest.addingTimeInterval(-1))))
            let worker = DeliveryWorker(
                store: store, processor: runtime.processor, doorbell: runtime.doorbell, handoff: runtime.handoff,
                concurrency: 1, followUp: followUp, logger: herald.logger)
            let running = Task { try await worker.run() }
            var swept: String?
            for _ in 0..<200 where swept == nil {
                swept = try await store.find(id: failed.id, environmentId: herald.environmentId)?.fallbackDeliveryId
                if swept == nil { try await Task.sleep(for: .milliseconds(25)) }
            }
            worker.stop()
            try await running.value
            #expect(swept != nil, "the worker's sweep enqueued the fallback")
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
