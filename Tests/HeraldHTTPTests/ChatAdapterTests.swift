import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import Testing

/// The chat adapters against loopback fakes: the documented request (webhook URL from `to.webhookUrl`, body, auth)
/// with the documented success answer and its id, and documented error bodies classified.
@Suite(.timeLimit(.minutes(2))) struct ChatAdapterTests {
    static let phoneNumberId = "106540352242922"

    /// Catalogue-required credentials of each provider (the fake as the API root where there is one).
    static func credentials(_ provider: String, _ fake: FakeProviderServer) -> [String: JSONValue] {
        switch provider {
        case "slack": ["applicationId": .string("A0123"), "clientId": .string("1.2"), "secretKey": .string("slack-client-secret")]
        case "rocket-chat": ["token": .string("rc-token-1"), "user": .string("rc-user-1"), "baseUrl": .string(fake.url(""))]
        case "getstream": ["apiKey": .string("gs-api-key-1")]
        case "whatsapp-business":
            ["apiToken": .string("EAAG-wa-token"), "phoneNumberIdentification": .string(phoneNumberId), "baseUrl": .string(fake.url(""))]
        default: [:]
        }
    }

    /// A chat delivery request.
    static func chat(
        webhook: String? = nil, channel: String? = nil, phone: String? = nil, _ text: String = "Deploy finished",
        blocks: JSONValue? = nil, overrides: [String: JSONValue]? = nil
    ) -> DeliveryRequest {
        var to = DeliveryRequest.Recipient(phone: phone, webhookUrl: webhook)
        to.channel = channel
        var content = DeliveryRequest.Content(content: text)
        content.blocks = blocks
        return DeliveryRequest(channel: .chat, to: to, content: content, overrides: overrides)
    }

    /// The delivery that reaches `path` on the fake for a provider.
    static func request(_ provider: String, _ fake: FakeProviderServer, _ path: String) -> DeliveryRequest {
        switch provider {
        case "whatsapp-business": chat(phone: "+4915112345678")
        case "rocket-chat": chat(webhook: fake.url(""), channel: "GENERAL")
        default: chat(webhook: fake.url(path))
        }
    }

    /// Runs the requests one after another through one integration of `provider`, then `after`.
    static func run(
        _ provider: String, _ fake: FakeProviderServer, _ requests: [DeliveryRequest],
        extra: [String: JSONValue] = [:], after: (TestHerald, Integration) async throws -> Void = { _, _ in }
    ) async throws -> [Delivery] {
        try await TestHerald.with { herald in
            let integration = try await ProviderAdapterTests.create(
                herald, provider, .chat, credentials(provider, fake).merging(extra) { _, new in new })
            var results: [Delivery] = []
            for request in requests {
                results.append(await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger))
            }
            try await after(herald, integration)
            return results
        }
    }

    @Test func slackPostsTextAndBlocksToTheIncomingWebhook() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "services/T000/B000/XXXX"
        fake.on(path, .respond(status: 200, json: "ok", headers: ["x-slack-req-id": "req-slack-1"]))
        let blocks: JSONValue = .array([.object([
            "type": .string("section"), "text": .object(["type": .string("mrkdwn"), "text": .string("*Deploy* finished")]),
        ])])
        let results = try await Self.run("slack", fake, [
            Self.chat(webhook: fake.url(path), blocks: blocks, overrides: ["slack": .object(["unfurl_links": .bool(false)])]),
            Self.chat(channel: "C0123"),
        ])
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "req-slack-1")
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.method == "POST" && sent.header("Content-Type") == "application/json" && sent.header("Authorization") == nil)
        #expect(sent.json == .object(["text": .string("Deploy finished"), "blocks": blocks, "unfurl_links": .bool(false)]))
        let channelOnly = try #require(results[1].attempts.first)
        #expect(channelOnly.reason == "invalid_recipient" && channelOnly.error?.contains("bot token") == true)
        #expect(fake.requests.count == 1)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func discordExecutesTheWebhookWithWaitAndRecordsTheMessageId() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "api/webhooks/112233/tok-en"
        fake.on(path, .respond(status: 200, json: #"{"id":"1263425862712012800","type":0,"content":"Deploy finished","channel_id":"1263425000000000000","timestamp":"2024-07-18T10:00:00.000000+00:00","webhook_id":"112233"}"#))
        let results = try await Self.run("discord", fake, [
            Self.chat(webhook: fake.url(path), overrides: ["discord": .object(["username": .string("Herald")])]),
        ])
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "1263425862712012800")
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.header("Content-Type") == "application/json")
        #expect(sent.json == .object(["content": .string("Deploy finished"), "username": .string("Herald")]))
        #expect(try DiscordAdapter.waitURL("https://discord.com/api/webhooks/1/t?thread_id=9")
            == "https://discord.com/api/webhooks/1/t?thread_id=9&wait=true")
        #expect(try DiscordAdapter.waitURL("https://discord.com/api/webhooks/1/t?wait=false") == "https://discord.com/api/webhooks/1/t?wait=true")
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func msTeamsSendsAnAdaptiveCardAndReadsThrottlingInsideA200() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "workflows/teams-hook"
        fake.on(path, .respond(status: 202, json: "", headers: ["x-ms-workflow-run-id": "08584737551867954143243946780CU57"]),
                .respond(status: 200, json: "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef.0"))
        let card = #"{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"Card"}]}"#
        let results = try await Self.run("msteams", fake, [Self.chat(webhook: fake.url(path)), Self.chat(webhook: fake.url(path), card)])
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "08584737551867954143243946780CU57")
        let requests = fake.requests(to: path)
        let attachment = try #require(requests.first?.json.value(atPath: "attachments")?.arrayValue?.first)
        #expect(requests.first?.json.value(atPath: "type") == .string("message"))
        #expect(attachment.value(atPath: "contentType") == .string("application/vnd.microsoft.card.adaptive"))
        #expect(attachment.value(atPath: "content")?.value(atPath: "body") == .array([.object([
            "type": .string("TextBlock"), "text": .string("Deploy finished"), "wrap": .bool(true),
        ])]))
        let wrapped = try #require(requests.last?.json.value(atPath: "attachments")?.arrayValue?.first)
        #expect(wrapped.value(atPath: "content")?.value(atPath: "version") == .string("1.4"))
        let throttled = try #require(results[1].attempts.first)
        #expect(throttled.reason == "rate_limited" && throttled.providerCode == "429" && throttled.httpStatus == 429)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func mattermostPostsTextWithTheChannelOverride() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "hooks/xxx-generatedkey-xxx"
        fake.on(path, .respond(status: 200, json: "ok", headers: ["X-Request-Id": "8kr3bdy9wfgp3r5s1ifa5x1wia"]))
        let results = try await Self.run("mattermost", fake, [
            Self.chat(webhook: fake.url(path), channel: "town-square", overrides: ["mattermost": .object(["username": .string("herald")])]),
        ])
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "8kr3bdy9wfgp3r5s1ifa5x1wia")
        #expect(fake.requests(to: path).first?.json == .object([
            "text": .string("Deploy finished"), "channel": .string("town-square"), "username": .string("herald"),
        ]))
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func rocketChatSendsToTheRoomWithTokenHeadersAndChecksMe() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "api/v1/chat.sendMessage"
        fake.on(path, .respond(status: 200, json: #"{"message":{"_id":"7aDSXtjMA3KPLxLjt","rid":"GENERAL","msg":"Deploy finished","ts":"2024-07-18T10:00:00.000Z","u":{"_id":"rc-user-1","username":"herald"}},"success":true}"#))
        fake.on(.get, "api/v1/me", .respond(status: 200, json: #"{"_id":"rc-user-1","username":"herald","status":"online","success":true}"#),
                .respond(status: 401, json: #"{"status":"error","message":"You must be logged in to do this."}"#))
        let results = try await Self.run("rocket-chat", fake, [
            Self.chat(webhook: fake.url(""), channel: "GENERAL"), Self.chat(channel: "GENERAL"),
            Self.chat(webhook: "https://elsewhere.test", channel: "GENERAL"),
        ]) { herald, integration in
            try await herald.runtime.processor.check(integration)
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("a refused token passed the check")
            } catch let failure as ProviderFailure {
                #expect(failure.reason == .badCredentials)
            }
        }
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "7aDSXtjMA3KPLxLjt")
        #expect(results[1].status == .sent, "the integration's server serves a delivery without to.webhookUrl")
        #expect(results[2].attempts.first?.reason == "invalid_recipient", "the token goes to no other host")
        #expect(fake.requests(to: path).count == 2)
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.header("X-Auth-Token") == "rc-token-1" && sent.header("X-User-Id") == "rc-user-1")
        #expect(sent.json == .object(["message": .object(["rid": .string("GENERAL"), "msg": .string("Deploy finished")])]))
        #expect(fake.requests(to: "api/v1/me").allSatisfy { $0.method == "GET" && $0.header("X-Auth-Token") == "rc-token-1" })
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func zulipRyverAndGrafanaPostTheirDocumentedBodies() async throws {
        let fake = try await FakeProviderServer.start()
        fake.on("api/v1/external/slack_incoming", .respond(status: 200, json: #"{"result":"success","msg":""}"#))
        fake.on("application/webhook/8xtO4GzWw8PQGAI", .respond(status: 200, json: ""))
        fake.on("integrations/v1/formatted_webhook/abc", .respond(status: 200, json: "Ok."))
        let blocks: JSONValue = .array([.object(["type": .string("divider")])])
        let zulip = try await Self.run("zulip", fake, [Self.chat(webhook: fake.url("api/v1/external/slack_incoming") + "?api_key=k&stream=ops", blocks: blocks)])
        let ryver = try await Self.run("ryver", fake, [
            Self.chat(webhook: fake.url("application/webhook/8xtO4GzWw8PQGAI"),
                      overrides: ["ryver": .object(["createSource": .object(["displayName": .string("Herald")])])]),
        ])
        let grafana = try await Self.run("grafana-on-call", fake, [Self.chat(webhook: fake.url("integrations/v1/formatted_webhook/abc"))], extra: [
            "alertUid": .string("db-1"), "title": .string("DB down"), "imageUrl": .string("https://img.test/a.png"),
            "state": .string("alerting"), "externalLink": .string("https://status.test"),
        ])
        #expect([zulip, ryver, grafana].allSatisfy { $0[0].status == .sent && $0[0].attempts.first?.messageId == nil })
        #expect(fake.requests(to: "api/v1/external/slack_incoming").first?.json == .object(["text": .string("Deploy finished"), "blocks": blocks]))
        #expect(fake.requests(to: "application/webhook/8xtO4GzWw8PQGAI").first?.json == .object([
            "body": .string("Deploy finished"), "createSource": .object(["displayName": .string("Herald")]),
        ]))
        #expect(fake.requests(to: "integrations/v1/formatted_webhook/abc").first?.json == .object([
            "alert_uid": .string("db-1"), "title": .string("DB down"), "image_url": .string("https://img.test/a.png"),
            "state": .string("alerting"), "link_to_upstream_details": .string("https://status.test"), "message": .string("Deploy finished"),
        ]))
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func getStreamPostsNovusBodyWithTheKeyAndKeepsTheWebhookId() async throws {
        let fake = try await FakeProviderServer.start()
        fake.on("stream/hook", .respond(status: 200, json: "{}", headers: ["X-Webhook-Id": "gs-msg-1"]),
                .respond(status: 403, json: #"{"code":17,"message":"api key not valid"}"#))
        let results = try await Self.run("getstream", fake, [
            Self.chat(webhook: fake.url("stream/hook")), Self.chat(webhook: fake.url("stream/hook")),
        ])
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "gs-msg-1")
        #expect(results[1].attempts.first?.outcome == .permanent && results[1].attempts.first?.httpStatus == 403)
        let sent = try #require(fake.requests(to: "stream/hook").first)
        #expect(sent.header("X-API-KEY") == "gs-api-key-1")
        #expect(sent.json == .object([
            "text": .string("Deploy finished"), "headers": .object(["X-API-KEY": .string("gs-api-key-1")]),
        ]))
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func whatsAppSendsTextAndTemplatesAndChecksThePhoneNumber() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "v24.0/\(Self.phoneNumberId)/messages"
        fake.on(path, .respond(status: 200, json: #"{"messaging_product":"whatsapp","contacts":[{"input":"+4915112345678","wa_id":"4915112345678"}],"messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}"#))
        fake.on(.get, "v24.0/\(Self.phoneNumberId)",
                .respond(status: 200, json: #"{"display_phone_number":"15550783881","verified_name":"Acme","id":"106540352242922"}"#))
        let template: JSONValue = .object([
            "name": .string("otp"), "language": .object(["code": .string("en_US")]),
            "components": .array([.object(["type": .string("body"), "parameters": .array([.object(["type": .string("text"), "text": .string("123456")])])])]),
        ])
        let results = try await Self.run("whatsapp-business", fake, [
            Self.chat(phone: "+4915112345678", "Your code is 123456"),
            Self.chat(phone: "+4915112345678", overrides: ["whatsapp-business": .object(["template": template])]),
        ]) { herald, integration in try await herald.runtime.processor.check(integration) }
        #expect(results.allSatisfy { $0.status == .sent && $0.attempts.first?.messageId == "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" })
        let requests = fake.requests(to: path)
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer EAAG-wa-token" && $0.header("Content-Type") == "application/json" })
        let base: [String: JSONValue] = [
            "messaging_product": .string("whatsapp"), "recipient_type": .string("individual"), "to": .string("+4915112345678"),
        ]
        #expect(requests.first?.json == .object(base.merging([
            "type": .string("text"), "text": .object(["body": .string("Your code is 123456"), "preview_url": .bool(false)]),
        ]) { _, new in new }))
        #expect(requests.last?.json == .object(base.merging(["type": .string("template"), "template": template]) { _, new in new }))
        #expect(fake.requests(to: "v24.0/\(Self.phoneNumberId)").first?.header("Authorization") == "Bearer EAAG-wa-token")
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    /// A documented error answer and how Herald classifies it.
    struct Failure: Sendable, CustomTestStringConvertible {
        let provider: String
        let path: String
        let status: Int
        let body: String
        let reason: String
        let code: String?
        var testDescription: String { "\(provider) \(status) \(code ?? "-") → \(reason)" }
    }

    static let failures: [Failure] = [
        Failure(provider: "slack", path: "services/T/B/X", status: 400, body: "invalid_payload", reason: "rejected", code: "invalid_payload"),
        Failure(provider: "slack", path: "services/T/B/X", status: 404, body: "no_service", reason: "invalid_recipient", code: "no_service"),
        Failure(provider: "slack", path: "services/T/B/X", status: 404, body: "channel_not_found", reason: "invalid_recipient", code: "channel_not_found"),
        Failure(provider: "slack", path: "services/T/B/X", status: 403, body: "action_prohibited", reason: "rejected", code: "action_prohibited"),
        Failure(provider: "slack", path: "services/T/B/X", status: 403, body: "invalid_token", reason: "invalid_recipient", code: "invalid_token"),
        Failure(provider: "discord", path: "api/webhooks/1/t", status: 404, body: #"{"message":"Unknown Webhook","code":10015}"#,
                reason: "invalid_recipient", code: "10015"),
        Failure(provider: "discord", path: "api/webhooks/1/t", status: 401, body: #"{"message":"Invalid Webhook Token","code":50027}"#,
                reason: "invalid_recipient", code: "50027"),
        Failure(provider: "discord", path: "api/webhooks/1/t", status: 400, body: #"{"message":"Cannot send an empty message","code":50006}"#,
                reason: "rejected", code: "50006"),
        Failure(provider: "discord", path: "api/webhooks/1/t", status: 429, body: #"{"message":"You are being rate limited.","retry_after":0.5,"global":false}"#,
                reason: "rate_limited", code: nil),
        Failure(provider: "msteams", path: "hook", status: 400, body: #"{"error":{"code":"InvalidRequestContent","message":"The request content is not valid and could not be deserialized."}}"#,
                reason: "rejected", code: "InvalidRequestContent"),
        Failure(provider: "mattermost", path: "hooks/x", status: 400, body: #"{"id":"web.incoming_webhook.invalid.app_error","message":"Invalid webhook.","detailed_error":"","request_id":"r1","status_code":400}"#,
                reason: "invalid_recipient", code: "web.incoming_webhook.invalid.app_error"),
        Failure(provider: "mattermost", path: "hooks/x", status: 400, body: #"{"id":"web.incoming_webhook.text.app_error","message":"No text specified","detailed_error":"","request_id":"r2","status_code":400}"#,
                reason: "rejected", code: "web.incoming_webhook.text.app_error"),
        Failure(provider: "rocket-chat", path: "api/v1/chat.sendMessage", status: 400, body: #"{"success":false,"error":"Invalid room [error-invalid-room]","errorType":"error-invalid-room"}"#,
                reason: "invalid_recipient", code: "error-invalid-room"),
        Failure(provider: "rocket-chat", path: "api/v1/chat.sendMessage", status: 401, body: #"{"status":"error","message":"You must be logged in to do this."}"#,
                reason: "bad_credentials", code: nil),
        Failure(provider: "zulip", path: "api/v1/external/slack_incoming", status: 401, body: #"{"code":"INVALID_API_KEY","msg":"Invalid API key","result":"error"}"#,
                reason: "invalid_recipient", code: "INVALID_API_KEY"),
        Failure(provider: "zulip", path: "api/v1/external/slack_incoming", status: 400, body: #"{"code":"BAD_REQUEST","msg":"Missing stream","result":"error"}"#,
                reason: "rejected", code: "BAD_REQUEST"),
        Failure(provider: "ryver", path: "application/webhook/x", status: 404, body: "", reason: "invalid_recipient", code: nil),
        Failure(provider: "grafana-on-call", path: "integrations/v1/formatted_webhook/x", status: 404, body: "", reason: "invalid_recipient", code: nil),
        Failure(provider: "whatsapp-business", path: "v24.0/\(phoneNumberId)/messages", status: 400,
                body: #"{"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,"error_data":{"messaging_product":"whatsapp","details":"Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."},"fbtrace_id":"AI5Ob1XyLhSrBfVfRTaHdRJ"}}"#,
                reason: "invalid_recipient", code: "131030"),
        Failure(provider: "whatsapp-business", path: "v24.0/\(phoneNumberId)/messages", status: 401,
                body: #"{"error":{"message":"Error validating access token: Session has expired.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A1b2"}}"#,
                reason: "bad_credentials", code: "190"),
        Failure(provider: "whatsapp-business", path: "v24.0/\(phoneNumberId)/messages", status: 400,
                body: #"{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},"fbtrace_id":"A3c4"}}"#,
                reason: "rate_limited", code: "130429"),
        Failure(provider: "whatsapp-business", path: "v24.0/\(phoneNumberId)/messages", status: 400,
                body: #"{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"error_data":{"messaging_product":"whatsapp","details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},"fbtrace_id":"A5d6"}}"#,
                reason: "rejected", code: "131047"),
    ]

    @Test(arguments: failures) func documentedErrorsAreClassified(_ failure: Failure) async throws {
        let fake = try await FakeProviderServer.start()
        fake.on(failure.path, .respond(status: failure.status, json: failure.body, headers: failure.status == 429 ? ["Retry-After": "1"] : [:]))
        let results = try await Self.run(failure.provider, fake, [Self.request(failure.provider, fake, failure.path)])
        let attempt = try #require(results.first?.attempts.first)
        #expect(attempt.reason == failure.reason)
        #expect(attempt.providerCode == failure.code)
        #expect(attempt.httpStatus == failure.status)
        #expect(fake.requests(to: failure.path).count == 1)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func missingRecipientsAndMisconfigurationFailWithoutARequest() async throws {
        let fake = try await FakeProviderServer.start()
        let noPhone = try await Self.run("whatsapp-business", fake, [Self.chat(webhook: fake.url("x"))])
        let noRoom = try await Self.run("rocket-chat", fake, [Self.chat(webhook: fake.url(""))])
        let noServer = try await Self.run("rocket-chat", fake, [Self.chat(webhook: fake.url(""), channel: "GENERAL")],
                                          extra: ["baseUrl": .string("")])
        let badId = try await Self.run("whatsapp-business", fake, [Self.chat(phone: "+4915112345678")],
                                       extra: ["phoneNumberIdentification": .string("../me")])
        let webhookOnly = try await Self.run("discord", fake, [Self.chat(phone: "+4915112345678")])
        #expect(noPhone[0].attempts.first?.reason == "invalid_recipient")
        #expect(noRoom[0].attempts.first?.reason == "invalid_recipient")
        #expect(noServer[0].attempts.first?.reason == "misconfigured")
        #expect(badId[0].attempts.first?.reason == "misconfigured")
        #expect(webhookOnly[0].attempts.first?.reason == "invalid_recipient")
        #expect(fake.requests.isEmpty)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    /// The webhook URL is the caller's, so it is outbound input like any other: one at the cloud-metadata address is
    /// refused by the outbound guard before a connection is opened. The attempt fails as misconfigured with the
    /// guard's refusal (no HTTP status: nothing was sent), and the fake the integration could reach saw nothing.
    @Test(arguments: ["slack", "discord", "msteams", "mattermost", "zulip", "ryver", "grafana-on-call", "google-chat", "getstream"])
    func aWebhookUrlAtABlockedAddressIsRefusedWithoutARequest(_ provider: String) async throws {
        let fake = try await FakeProviderServer.start()
        let results = try await Self.run(provider, fake, [
            Self.chat(webhook: "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
        ])
        let attempt = try #require(results.first?.attempts.first)
        #expect(attempt.outcome != .sent && results.first?.status != .sent)
        #expect(attempt.reason == "misconfigured", "\(provider): \(attempt.error ?? "")")
        #expect(attempt.error?.contains("outbound request refused") == true, "\(provider): \(attempt.error ?? "")")
        #expect(attempt.httpStatus == nil)
        #expect(fake.requests.isEmpty)
        await fake.stop()
    }
}
