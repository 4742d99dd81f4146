import Crypto
import Foundation
import HeraldCore
@testable import HeraldProviders
import Testing

/// Each email provider's webhook scheme: a signed event verifies, an unsigned one is `.unsigned` (refused when
/// signatures are required), a tampered body or a wrong key is refused, a replay outside the window is stale; the
/// providers' documented sample payloads map to the right statuses and message ids.
struct EmailWebhookParserTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let url = "https://herald.example.test/v2/inbound-webhooks/delivery-providers/env/int"

    static func webhook(_ body: String, _ headers: [(String, String)] = [], url: String = url) -> InboundWebhook {
        InboundWebhook(url: url, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
    }

    static func keys(_ key: String?, required: Bool = false, credentials: Credentials = Credentials()) -> WebhookKeys {
        WebhookKeys(signingKey: key, credentials: credentials, required: required)
    }

    static func events(_ parser: any ProviderWebhookParser, _ webhook: InboundWebhook) throws -> [ProviderEventReport] {
        guard case .events(let events) = try parser.parse(webhook) else { Issue.record("not events"); return [] }
        return events
    }

    static func rejection(_ body: () async throws -> WebhookVerification) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch let rejection as WebhookRejection {
            return rejection.description
        } catch {
            return "\(error)"
        }
    }

    // MARK: SendGrid (ECDSA P-256 over timestamp + body)

    static let sendGridBody = #"""
        [{"email":"ann@example.test","timestamp":1767225590,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"delivered","category":["welcome"],"sg_event_id":"sg_event_id_1","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","response":"250 OK","id":"dlv_1"},
         {"email":"ann@example.test","timestamp":1767225595,"event":"bounce","type":"bounce","reason":"550 5.1.1 unknown user","status":"5.1.1","sg_event_id":"sg_event_id_2","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"},
         {"email":"ann@example.test","timestamp":1767225596,"event":"processed","sg_event_id":"sg_event_id_3","sg_message_id":"abc.filter"},
         {"email":"ann@example.test","timestamp":1767225597,"event":"group_resubscribe","sg_event_id":"sg_event_id_4","sg_message_id":"abc.filter"}]
        """#

    @Test func sendGridVerifiesTheSignedEventWebhookAndMapsEvents() async throws {
        let key = P256.Signing.PrivateKey()
        let publicKey = key.publicKey.derRepresentation.base64EncodedString()
        let timestamp = "1767225600"
        func signed(_ body: String, _ ts: String = timestamp, with signer: P256.Signing.PrivateKey = key) throws -> InboundWebhook {
            let signature = try signer.signature(for: Data((ts + body).utf8)).derRepresentation.base64EncodedString()
            return Self.webhook(body, [("X-Twilio-Email-Event-Webhook-Signature", signature),
                                       ("X-Twilio-Email-Event-Webhook-Timestamp", ts)])
        }
        let parser = SendGridWebhook()
        #expect(try await parser.verify(signed(Self.sendGridBody), keys: Self.keys(publicKey), now: Self.now) == .verified)
        #expect(try await parser.verify(Self.webhook(Self.sendGridBody), keys: Self.keys(publicKey), now: Self.now) == .unsigned)
        #expect(await Self.rejection { try await parser.verify(Self.webhook(Self.sendGridBody), keys: Self.keys(publicKey, required: true), now: Self.now) }?.contains("not signed") == true)
        let tampered = try signed(Self.sendGridBody)
        let changed = InboundWebhook(url: tampered.url, headers: tampered.headers.map { ($0.key, $0.value) },
                                     body: Array(Self.sendGridBody.replacingOccurrences(of: "delivered", with: "open").utf8))
        #expect(await Self.rejection { try await parser.verify(changed, keys: Self.keys(publicKey), now: Self.now) }?.contains("invalid") == true)
        #expect(await Self.rejection { try await parser.verify(signed(Self.sendGridBody, with: P256.Signing.PrivateKey()), keys: Self.keys(publicKey), now: Self.now) }?.contains("invalid") == true)
        #expect(await Self.rejection { try await parser.verify(signed(Self.sendGridBody, "1767220000"), keys: Self.keys(publicKey), now: Self.now) }?.contains("replay") == true)

        let events = try Self.events(parser, Self.webhook(Self.sendGridBody))
        #expect(events.map(\.status) == [.delivered, .bounced, .accepted])
        #expect(events[0].deliveryId == "dlv_1" && events[0].messageId == "14c5d75ce93")
        #expect(events[0].eventId == "sg_event_id_1" && events[0].recipient == "ann@example.test")
        #expect(events[1].detail == "550 5.1.1 unknown user")
        #expect(events[0].occurredAt == Date(timeIntervalSince1970: 1_767_225_590))
        #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook(#"{"event":"delivered"}"#)) }
    }

    // MARK: Mailgun (HMAC-SHA256 of timestamp + token)

    static func mailgunBody(key: String, timestamp: String = "1767225600", event: String = "delivered",
                            severity: String? = nil, signature: String? = nil) -> String {
        let token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
        let sig = signature ?? WebhookSignature.hex(WebhookSignature.hmacSHA256(key: Data(key.utf8), Data((timestamp + token).utf8)))
        let severityField = severity.map { #","severity":"\#($0)""# } ?? ""
        return #"""
            {"signature":{"timestamp":"\#(timestamp)","token":"\#(token)","signature":"\#(sig)"},
             "event-data":{"id":"CPgfbmQMTCKtHW6uIWtuVe","timestamp":1767225590.0,"event":"\#(event)"\#(severityField),
              "recipient":"alice@example.test","delivery-status":{"code":550,"message":"","description":"mailbox unavailable"},
              "message":{"headers":{"message-id":"20260101.1@mg.acme.test","to":"alice@example.test"}}}}
            """#
    }

    @Test func mailgunVerifiesTheSignatureAndMapsEvents() async throws {
        let parser = MailgunWebhook()
        let key = "key-mailgun-signing"
        #expect(try await parser.verify(Self.webhook(Self.mailgunBody(key: key)), keys: Self.keys(key), now: Self.now) == .verified)
        // The signature covers only timestamp and token: the same token again (with any body) is a replay.
        #expect(await Self.rejection { try await parser.verify(Self.webhook(Self.mailgunBody(key: key, event: "failed")), keys: Self.keys(key), now: Self.now) }?.contains("replay") == true)
        #expect(await Self.rejection { try await parser.verify(Self.webhook(Self.mailgunBody(key: "other")), keys: Self.keys(key), now: Self.now) }?.contains("invalid") == true)
        #expect(await Self.rejection { try await parser.verify(Self.webhook(Self.mailgunBody(key: key, timestamp: "1767200000")), keys: Self.keys(key), now: Self.now) }?.contains("replay") == true)
        let unsigned = #"{"event-data":{"event":"delivered","message":{"headers":{"message-id":"x"}}}}"#
        #expect(try await parser.verify(Self.webhook(unsigned), keys: Self.keys(key), now: Self.now) == .unsigned)
        #expect(await Self.rejection { try await parser.verify(Self.webhook(unsigned), keys: Self.keys(key, required: true), now: Self.now) } != nil)
        // A signature but no key while required: the integration cannot verify, so nothing is accepted.
        #expect(await Self.rejection { try await parser.verify(Self.webhook(Self.mailgunBody(key: key)), keys: Self.keys(nil, required: true), now: Self.now) }?.contains("no key") == true)

        let delivered = try Self.events(parser, Self.webhook(Self.mailgunBody(key: key)))
        #expect(delivered.map(\.status) == [.delivered])
        #expect(delivered.first?.messageId == "20260101.1@mg.acme.test" && delivered.first?.eventId == "CPgfbmQMTCKtHW6uIWtuVe")
        let permanent = try Self.events(parser, Self.webhook(Self.mailgunBody(key: key, event: "failed", severity: "permanent")))
        #expect(permanent.first?.status == .bounced && permanent.first?.detail == "mailbox unavailable")
        let temporary = try Self.events(parser, Self.webhook(Self.mailgunBody(key: key, event: "failed", severity: "temporary")))
        #expect(temporary.first?.status == .deferred)
    }

    // MARK: Resend (Svix)

    @Test func resendVerifiesSvixSignatures() async throws {
        let parser = ResendWebhook()
        let secretBytes = Data((0..<24).map { UInt8($0) })
        let secret = "whsec_" + secretBytes.base64EncodedString()
        let body = #"{"type":"email.bounced","created_at":"2026-01-01T00:00:00.000Z","data":{"email_id":"4ef9a417-02e9-4d39-ad75-9611e0fcc33c","to":["bob@example.test"],"bounce":{"message":"The recipient's mailbox does not exist"}}}"#
        func signed(_ body: String, id: String = "msg_2Lh9KRb0pzN4LePd3XiA4", ts: String = "1767225600", key: Data = secretBytes) -> InboundWebhook {
            let signature = WebhookSignature.hmacSHA256(key: key, Data("\(id).\(ts).\(body)".utf8)).base64EncodedString()
            return Self.webhook(body, [("svix-id", id), ("svix-timestamp", ts), ("svix-signature", "v1,bogus v1,\(signature)")])
        }
        #expect(try await parser.verify(signed(body), keys: Self.keys(secret), now: Self.now) == .verified)
        #expect(await Self.rejection { try await parser.verify(signed(body, key: Data(repeating: 1, count: 24)), keys: Self.keys(secret), now: Self.now) }?.contains("invalid") == true)
        #expect(await Self.rejection { try await parser.verify(signed(body, ts: "1767225000"), keys: Self.keys(secret), now: Self.now) }?.contains("replay") == true)
        let tampered = signed(body)
        let changed = InboundWebhook(url: tampered.url, headers: tampered.headers.map { ($0.key, $0.value) },
                                     body: Array(body.replacingOccurrences(of: "bounced", with: "delivered").utf8))
        #expect(await Self.rejection { try await parser.verify(changed, keys: Self.keys(secret), now: Self.now) } != nil)
        #expect(try await parser.verify(Self.webhook(body), keys: Self.keys(secret), now: Self.now) == .unsigned)
        let events = try Self.events(parser, signed(body))
        #expect(events.first?.status == .bounced && events.first?.messageId == "4ef9a417-02e9-4d39-ad75-9611e0fcc33c")
        #expect(events.first?.recipient == "bob@example.test" && events.first?.eventId == "msg_2Lh9KRb0pzN4LePd3XiA4")
        #expect(events.first?.detail == "The recipient's mailbox does not exist")
    }

    /// A signature made by Svix's own library (PyPI `svix`), which Resend uses:
    /// `Webhook("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX").sign("msg_svix_vector_1",
    /// datetime.fromtimestamp(1767225600, tz=timezone.utc), body)`.
    @Test func resendAcceptsASignatureFromTheSvixLibrary() async throws {
        let body = #"{"type":"email.delivered","created_at":"2026-01-01T00:00:00.000Z","data":{"email_id":"4ef9a417-02e9-4d39-ad75-9611e0fcc33c","to":["bob@example.test"]}}"#
        let headers = [("svix-id", "msg_svix_vector_1"), ("svix-timestamp", "1767225600"),
                       ("svix-signature", "v1,uVEgGT/2oE2pf8NHuDBs37SB1V+dSq7cS8b/t/QIxMc=")]
        let keys = Self.keys("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", required: true)
        #expect(try await ResendWebhook().verify(Self.webhook(body, headers), keys: keys, now: Self.now) == .verified)
        let altered = body.replacingOccurrences(of: "delivered", with: "bounced")
        #expect(await Self.rejection { try await ResendWebhook().verify(Self.webhook(altered, headers), keys: keys, now: Self.now) } != nil)
    }

    // MARK: Postmark, Mailjet, Brevo (URL credentials)

    @Test func unsignedProvidersCheckTheWebhookCredentials() async throws {
        let basic = "Basic " + Data("hook:s3cret-pass".utf8).base64EncodedString()
        let postmark = #"{"RecordType":"Bounce","ID":4323372036854775807,"Type":"HardBounce","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Description":"The server was unable to deliver your message","Email":"zaphod@example.test","BouncedAt":"2026-01-01T00:00:00Z"}"#
        for parser in [PostmarkWebhook(), MailjetWebhook(), BrevoWebhook()] as [any ProviderWebhookParser] {
            #expect(try await parser.verify(Self.webhook(postmark, [("Authorization", basic)]), keys: Self.keys("hook:s3cret-pass"), now: Self.now) == .verified)
            #expect(await Self.rejection { try await parser.verify(Self.webhook(postmark, [("Authorization", "Basic eDp5")]), keys: Self.keys("hook:s3cret-pass"), now: Self.now) } != nil)
            #expect(try await parser.verify(Self.webhook(postmark), keys: Self.keys("hook:s3cret-pass"), now: Self.now) == .unsigned)
            #expect(await Self.rejection { try await parser.verify(Self.webhook(postmark), keys: Self.keys("hook:s3cret-pass", required: true), now: Self.now) } != nil)
            #expect(try await parser.verify(Self.webhook(postmark, [("Authorization", "Bearer tok-1")]), keys: Self.keys("tok-1"), now: Self.now) == .verified)
        }
        let bounce = try Self.events(PostmarkWebhook(), Self.webhook(postmark))
        #expect(bounce.first?.status == .bounced && bounce.first?.messageId == "883953f4-6105-42a2-a16a-77a8eac79483")
        let delivery = try Self.events(PostmarkWebhook(), Self.webhook(#"{"RecordType":"Delivery","MessageID":"m-2","Recipient":"a@example.test","DeliveredAt":"2026-01-01T00:00:01Z"}"#))
        #expect(delivery.first?.status == .delivered && delivery.first?.recipient == "a@example.test")

        let mailjet = #"[{"event":"sent","time":1767225590,"MessageID":19421777835146490,"email":"api@mailjet.test"},{"event":"bounce","time":1767225591,"MessageID":13792286917004336,"email":"b@example.test","hard_bounce":true,"error_related_to":"recipient","error":"user unknown"}]"#
        let mailjetEvents = try Self.events(MailjetWebhook(), Self.webhook(mailjet))
        #expect(mailjetEvents.map(\.status) == [.delivered, .bounced])
        #expect(mailjetEvents.map(\.messageId) == ["19421777835146490", "13792286917004336"])
        #expect(mailjetEvents[1].detail == "recipient: user unknown")

        let brevo = #"{"event":"hard_bounce","email":"c@example.test","id":26224,"message-id":"<201798300811.5787683@relay.domain.com>","ts_event":1767225590,"reason":"550 unknown"}"#
        let brevoEvents = try Self.events(BrevoWebhook(), Self.webhook(brevo))
        #expect(brevoEvents.first?.status == .bounced && brevoEvents.first?.messageId == "201798300811.5787683@relay.domain.com")
    }

    // MARK: Mandrill (HMAC-SHA1 over URL + sorted fields)

    @Test func mandrillVerifiesTheSignatureOverUrlAndFields() async throws {
        let parser = MandrillWebhook()
        let key = "mandrill-webhook-key"
        let events = #"[{"event":"hard_bounce","_id":"exampleaaaaaaaaaaaaaaaaaaaaaaaaa","ts":1767225590,"msg":{"email":"d@example.test","bounce_description":"bad_mailbox"}}]"#
        let form = "mandrill_events=" + (events.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let signature = WebhookSignature.hmacSHA1(key: Data(key.utf8), Data((Self.url + "mandrill_events" + events).utf8)).base64EncodedString()
        let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("X-Mandrill-Signature", signature)]
        #expect(try await parser.verify(Self.webhook(form, headers), keys: Self.keys(key), now: Self.now) == .verified)
        #expect(await Self.rejection { try await parser.verify(Self.webhook(form, headers, url: Self.url + "?x=1"), keys: Self.keys(key), now: Self.now) } != nil)
        let parsed = try Self.events(parser, Self.webhook(form, headers))
        #expect(parsed.first?.status == .bounced && parsed.first?.messageId == "exampleaaaaaaaaaaaaaaaaaaaaaaaaa")
        #expect(parsed.first?.detail == "bad_mailbox" && parsed.first?.recipient == "d@example.test")
    }
}
