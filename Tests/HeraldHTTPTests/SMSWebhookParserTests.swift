import Crypto
import Foundation
import HeraldCore
@testable import HeraldProviders
import Testing

/// Each SMS provider's webhook scheme: a signed event verifies, an unsigned one is `.unsigned` (refused when
/// signatures are required), a tampered body or a wrong key is refused, a replay outside the window is stale where
/// the scheme signs a time; the providers' documented sample payloads map to the right statuses and to the message
/// ids the adapters record.
struct SMSWebhookParserTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let url = "https://herald.example.test/v2/inbound-webhooks/delivery-providers/env_1/int_1"
    static let form = ("Content-Type", "application/x-www-form-urlencoded")
    static let json = ("Content-Type", "application/json")

    static func webhook(_ body: String, _ headers: [(String, String)] = [], url: String = url) -> InboundWebhook {
        InboundWebhook(url: url, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
    }

    static func keys(_ key: String?, required: Bool = false, credentials: [String: String] = [:]) -> WebhookKeys {
        WebhookKeys(signingKey: key, credentials: Credentials(credentials.mapValues(JSONValue.string)), required: required)
    }

    static func events(_ parser: any ProviderWebhookParser, _ webhook: InboundWebhook) throws -> [ProviderEventReport] {
        guard case .events(let events) = try parser.parse(webhook) else { Issue.record("not events"); return [] }
        return events
    }

    /// The rejection's description, nil when the request verified.
    static func rejection(_ body: () throws -> WebhookVerification) -> String? {
        do {
            _ = try body()
            return nil
        } catch let rejection as WebhookRejection {
            return rejection.description
        } catch {
            return "\(error)"
        }
    }

    /// The same, through the protocol (whose `verify` is async).
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

    // MARK: Twilio (X-Twilio-Signature, HMAC-SHA1 of URL + sorted params, auth token)

    static let twilioURL = url + "?tenant=a%20b"
    /// A status callback as Twilio documents it (form fields in Twilio's order).
    static let twilioBody = "SmsSid=SM1342fe1b2c904d1ab04f0fc7a58abca9&SmsStatus=undelivered&MessageStatus=undelivered"
        + "&To=%2B15558675310&MessageSid=SM1342fe1b2c904d1ab04f0fc7a58abca9&AccountSid=AC0123456789abcdef0123456789abcdef"
        + "&From=%2B15017250604&ApiVersion=2010-04-01&ErrorCode=30003"
    /// Computed with the twilio library from PyPI (9.13.0):
    /// ```python
    /// from twilio.request_validator import RequestValidator
    /// url = "https://herald.example.test/v2/inbound-webhooks/delivery-providers/env_1/int_1?tenant=a%20b"
    /// params = {"SmsSid": "SM1342fe1b2c904d1ab04f0fc7a58abca9", "SmsStatus": "undelivered",
    ///           "MessageStatus": "undelivered", "To": "+15558675310", "MessageSid": "SM1342fe1b2c904d1ab04f0fc7a58abca9",
    ///           "AccountSid": "AC0123456789abcdef0123456789abcdef", "From": "+15017250604",
    ///           "ApiVersion": "2010-04-01", "ErrorCode": "30003"}
    /// v = RequestValidator("twilio-auth-token-12345")
    /// v.compute_signature(url, params)                    # 'Z2I4QB5vbP6OGXGd0baLuXeJdw4='
    /// v.compute_signature(url.replace(".test/", ".test:443/"), params)   # '5iggs8txF8SgVwFcCyYiBK+AZPA='
    /// v.validate(url, params, <either>)                   # True
    /// ```
    static let twilioLibrarySignature = "Z2I4QB5vbP6OGXGd0baLuXeJdw4="
    static let twilioLibrarySignatureWithPort = "5iggs8txF8SgVwFcCyYiBK+AZPA="

    @Test func twilioVerifiesTheLibrarysSignatureAndRefusesTamperingAndWrongKeys() throws {
        let parser = TwilioWebhook()
        let token = ["accountSid": "AC0123456789abcdef0123456789abcdef", "token": "twilio-auth-token-12345"]
        func signed(_ signature: String, body: String = Self.twilioBody) -> InboundWebhook {
            Self.webhook(body, [Self.form, ("X-Twilio-Signature", signature)], url: Self.twilioURL)
        }
        #expect(try parser.verify(signed(Self.twilioLibrarySignature), keys: Self.keys(nil, credentials: token), now: Self.now) == .verified)
        #expect(try parser.verify(signed(Self.twilioLibrarySignatureWithPort), keys: Self.keys(nil, credentials: token), now: Self.now) == .verified)
        // The signing key, when set, is the key (a Twilio shared key) instead of the credential.
        #expect(try parser.verify(signed(Self.twilioLibrarySignature), keys: Self.keys("twilio-auth-token-12345", credentials: ["token": "other"]), now: Self.now) == .verified)
        // Our own computation agrees with the library's.
        let params = InboundWebhook.formFields(Self.twilioBody)
        #expect(TwilioWebhook.signature(url: Self.twilioURL, params: params, key: "twilio-auth-token-12345") == Self.twilioLibrarySignature)

        let unsigned = Self.webhook(Self.twilioBody, [Self.form], url: Self.twilioURL)
        #expect(try parser.verify(unsigned, keys: Self.keys(nil, credentials: token), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(unsigned, keys: Self.keys(nil, required: true, credentials: token), now: Self.now) }?.contains("not signed") == true)
        let tampered = signed(Self.twilioLibrarySignature, body: Self.twilioBody.replacingOccurrences(of: "MessageStatus=undelivered", with: "MessageStatus=delivered"))
        #expect(Self.rejection { try parser.verify(tampered, keys: Self.keys(nil, credentials: token), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(signed(Self.twilioLibrarySignature), keys: Self.keys(nil, credentials: ["token": "wrong-token"]), now: Self.now) }?.contains("invalid") == true)
        let otherURL = Self.webhook(Self.twilioBody, [Self.form, ("X-Twilio-Signature", Self.twilioLibrarySignature)], url: Self.url)
        #expect(Self.rejection { try parser.verify(otherURL, keys: Self.keys(nil, credentials: token), now: Self.now) }?.contains("invalid") == true)
        // Signed but no key at all: nothing to check with, so unsigned (or refused when required).
        #expect(try parser.verify(signed(Self.twilioLibrarySignature), keys: Self.keys(nil), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(signed(Self.twilioLibrarySignature), keys: Self.keys(nil, required: true), now: Self.now) }?.contains("no key") == true)

        // Webhooks Rules sign the same text with HMAC-SHA256 and the rule's shared key.
        let sharedKey = "webhooks-shared-key"
        let sha256 = Data(HMAC<SHA256>.authenticationCode(
            for: Data((Self.twilioURL + params.sorted { $0.name < $1.name }.map { $0.name + $0.value }.joined()).utf8),
            using: SymmetricKey(data: Data(sharedKey.utf8)))).base64EncodedString()
        let rule = Self.webhook(Self.twilioBody, [Self.form, ("X-Twilio-Signature", sha256),
                                                  ("X-Twilio-Webhooks-Signature-Settings", "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256")],
                                url: Self.twilioURL)
        #expect(try parser.verify(rule, keys: Self.keys(sharedKey, credentials: token), now: Self.now) == .verified)
    }

    @Test func twilioMapsStatusCallbacksToTheMessageSid() throws {
        let parser = TwilioWebhook()
        let events = try Self.events(parser, Self.webhook(Self.twilioBody, [Self.form]))
        #expect(events.count == 1)
        #expect(events.first?.messageId == "SM1342fe1b2c904d1ab04f0fc7a58abca9")   // the adapter records `sid`
        #expect(events.first?.status == .undelivered && events.first?.providerStatus == "undelivered")
        #expect(events.first?.eventId == "SM1342fe1b2c904d1ab04f0fc7a58abca9:undelivered")
        #expect(events.first?.recipient == "+15558675310" && events.first?.detail == "30003")
        let expected: [String: ProviderEventStatus] = [
            "accepted": .accepted, "queued": .queued, "sending": .sending, "sent": .sent, "delivered": .delivered,
            "failed": .failed, "read": .opened, "canceled": .dropped,
        ]
        for (raw, status) in expected {
            let body = "MessageSid=SM1&MessageStatus=\(raw)&To=%2B15558675310"
            #expect(try Self.events(parser, Self.webhook(body, [Self.form])).map(\.status) == [status], "\(raw)")
        }
        #expect(try Self.events(parser, Self.webhook("MessageSid=SM1&MessageStatus=received", [Self.form])).isEmpty)
        #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook("AccountSid=AC1", [Self.form])) }
    }

    // MARK: Plivo (V3 and V2 signatures, auth token)

    static let plivoURL = "https://herald.example.test/v2/inbound-webhooks/delivery-providers/env_1/int_2?b=2&a=1"
    static let plivoBody = "MessageUUID=db3ce55a-7f1d-11e1-8ea7-1231380bc196&Status=delivered&To=14155551234"
        + "&From=14155550000&ErrorCode=&TotalRate=0.0035&Units=1"
    /// Computed with the plivo library from PyPI (4.63.0):
    /// ```python
    /// from plivo.utils.signature_v3 import validate_v3_signature
    /// from plivo.utils import validate_signature
    /// params = {"MessageUUID": "db3ce55a-7f1d-11e1-8ea7-1231380bc196", "Status": "delivered", "To": "14155551234",
    ///           "From": "14155550000", "ErrorCode": "", "TotalRate": "0.0035", "Units": "1"}
    /// validate_v3_signature("POST", plivoURL, "12345678901234567890", "plivo-auth-token",
    ///                       "GQ5Uma6KdNVDsWK/6/KWZGh2S1x7llp/jX+PdpzPdgY=", params)        # True
    /// validate_signature(plivoURL, "05429567804466091622", "mLXIdvJ1mLyKEipWSBSNlH/HcK6G5v6Mz1pY5M6NiZ0=",
    ///                    "plivo-auth-token")                                               # True
    /// ```
    static let plivoV3 = "GQ5Uma6KdNVDsWK/6/KWZGh2S1x7llp/jX+PdpzPdgY="
    static let plivoV2 = "mLXIdvJ1mLyKEipWSBSNlH/HcK6G5v6Mz1pY5M6NiZ0="

    @Test func plivoVerifiesV3AndV2Signatures() throws {
        let parser = PlivoWebhook()
        let token = ["accountSid": "MAXXXXXXXXXXXXXXXXXX", "token": "plivo-auth-token"]
        func v3(_ signature: String, nonce: String = "12345678901234567890", body: String = Self.plivoBody) -> InboundWebhook {
            Self.webhook(body, [Self.form, ("X-Plivo-Signature-V3", signature), ("X-Plivo-Signature-V3-Nonce", nonce)],
                         url: Self.plivoURL)
        }
        #expect(try parser.verify(v3(Self.plivoV3), keys: Self.keys(nil, credentials: token), now: Self.now) == .verified)
        #expect(try parser.verify(v3("c29tZXRoaW5nIGVsc2U=, " + Self.plivoV3), keys: Self.keys(nil, credentials: token), now: Self.now) == .verified)
        #expect(PlivoWebhook.signatureV3(url: Self.plivoURL, params: InboundWebhook.formFields(Self.plivoBody),
                                         nonce: "12345678901234567890", key: "plivo-auth-token") == Self.plivoV3)
        let tampered = v3(Self.plivoV3, body: Self.plivoBody.replacingOccurrences(of: "Status=delivered", with: "Status=failed"))
        #expect(Self.rejection { try parser.verify(tampered, keys: Self.keys(nil, credentials: token), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(v3(Self.plivoV3, nonce: "99999999999999999999"), keys: Self.keys(nil, credentials: token), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(v3(Self.plivoV3), keys: Self.keys(nil, credentials: ["token": "wrong"]), now: Self.now) }?.contains("invalid") == true)

        // V2 signs the URL (without its query) and the nonce: the body is not covered.
        func v2(_ signature: String, nonce: String = "05429567804466091622", url: String = Self.plivoURL) -> InboundWebhook {
            Self.webhook(Self.plivoBody, [Self.form, ("X-Plivo-Signature-V2", signature), ("X-Plivo-Signature-V2-Nonce", nonce)], url: url)
        }
        #expect(try parser.verify(v2(Self.plivoV2), keys: Self.keys(nil, credentials: token), now: Self.now) == .verified)
        // The nonce is good once: the same signature again (with any body) is a replay.
        #expect(Self.rejection { try parser.verify(v2(Self.plivoV2), keys: Self.keys("plivo-auth-token", credentials: ["token": "other"]), now: Self.now) }?.contains("replay") == true)
        #expect(Self.rejection { try parser.verify(v2(Self.plivoV2, nonce: "1"), keys: Self.keys(nil, credentials: token), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(v2(Self.plivoV2, url: Self.url), keys: Self.keys(nil, credentials: token), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(v2(Self.plivoV2), keys: Self.keys(nil, credentials: ["token": "wrong"]), now: Self.now) }?.contains("invalid") == true)

        let unsigned = Self.webhook(Self.plivoBody, [Self.form], url: Self.plivoURL)
        #expect(try parser.verify(unsigned, keys: Self.keys(nil, credentials: token), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(unsigned, keys: Self.keys(nil, required: true, credentials: token), now: Self.now) }?.contains("not signed") == true)
    }

    @Test func plivoMapsStatusCallbacksToTheMessageUUID() throws {
        let parser = PlivoWebhook()
        let events = try Self.events(parser, Self.webhook(Self.plivoBody, [Self.form]))
        #expect(events.map(\.status) == [.delivered])
        #expect(events.first?.messageId == "db3ce55a-7f1d-11e1-8ea7-1231380bc196")   // the adapter records message_uuid[0]
        #expect(events.first?.eventId == "db3ce55a-7f1d-11e1-8ea7-1231380bc196:delivered" && events.first?.detail == nil)
        let failed = try Self.events(parser, Self.webhook("MessageUUID=u1&Status=undelivered&ErrorCode=200&To=14155551234", [Self.form]))
        #expect(failed.map(\.status) == [.undelivered] && failed.first?.detail == "200")
        for (raw, status) in ["queued": ProviderEventStatus.queued, "sent": .sent, "failed": .failed, "rejected": .rejected] {
            #expect(try Self.events(parser, Self.webhook("MessageUUID=u1&Status=\(raw)", [Self.form])).map(\.status) == [status])
        }
    }

    // MARK: Telnyx (Ed25519 over "{timestamp}|{body}", public key)

    /// Telnyx's documented `message.finalized` delivery receipt (trimmed of cost fields).
    static let telnyxFinalized = #"""
        {"data":{"event_type":"message.finalized","id":"4ee8c3a6-4995-4309-a3c6-38e3db9ea4be","occurred_at":"2019-12-09T21:32:14.148+00:00","payload":{"completed_at":"2019-12-09T21:32:14.148+00:00","direction":"outbound","encoding":"GSM-7","errors":[],"from":{"carrier":"Telnyx","line_type":"Wireless","phone_number":"+12125559000"},"id":"b301ed3f-1490-491f-995f-6e64e69674d4","messaging_profile_id":"83d2343d-0bd6-4a8c-b2b4-1b2b3c3d4e5f","parts":1,"record_type":"message","sent_at":"2019-12-09T21:32:13.552+00:00","text":"Hello there!","to":[{"carrier":"T-MOBILE USA, INC.","line_type":"Wireless","phone_number":"+12125559001","status":"delivered"}],"type":"SMS"},"record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://herald.example.test/telnyx"}}
        """#
    /// Telnyx's documented `message.sent` delivery update (trimmed).
    static let telnyxSent = #"""
        {"data":{"record_type":"event","id":"86f58db9-0fe3-4adc-9d1f-46e66e6e9323","event_type":"message.sent","occurred_at":"2019-01-23T18:10:02.574Z","payload":{"record_type":"message","direction":"outbound","id":"40385f64-5717-4562-b3fc-2c963f66afa6","type":"MMS","from":{"phone_number":"+18445550001","carrier":"TELNYX LLC","line_type":"VoIP"},"to":[{"phone_number":"+18665550001","status":"queued","carrier":"T-MOBILE USA, INC.","line_type":"Wireless"}],"errors":[]}}}
        """#

    @Test func telnyxVerifiesEd25519SignaturesWithinFiveMinutes() throws {
        let parser = TelnyxWebhook()
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 7, count: 32))
        let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        func signed(_ body: String, _ timestamp: String = "1767225590", with signer: Curve25519.Signing.PrivateKey = key,
                    sent: String? = nil) throws -> InboundWebhook {
            let signature = try signer.signature(for: Data("\(timestamp)|\(body)".utf8)).base64EncodedString()
            return Self.webhook(sent ?? body, [Self.json, ("telnyx-signature-ed25519", signature), ("telnyx-timestamp", timestamp)])
        }
        #expect(try parser.verify(signed(Self.telnyxFinalized), keys: Self.keys(publicKey), now: Self.now) == .verified)
        let unsigned = Self.webhook(Self.telnyxFinalized, [Self.json])
        #expect(try parser.verify(unsigned, keys: Self.keys(publicKey), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(unsigned, keys: Self.keys(publicKey, required: true), now: Self.now) }?.contains("not signed") == true)
        let tampered = try signed(Self.telnyxFinalized, sent: Self.telnyxFinalized.replacingOccurrences(of: "\"delivered\"", with: "\"delivery_failed\""))
        #expect(Self.rejection { try parser.verify(tampered, keys: Self.keys(publicKey), now: Self.now) }?.contains("invalid") == true)
        let otherKey = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 9, count: 32))
        #expect(Self.rejection { try parser.verify(signed(Self.telnyxFinalized, with: otherKey), keys: Self.keys(publicKey), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(signed(Self.telnyxFinalized, "1767225200"), keys: Self.keys(publicKey), now: Self.now) }?.contains("replay") == true)
        #expect(Self.rejection { try parser.verify(signed(Self.telnyxFinalized, "1767226000"), keys: Self.keys(publicKey), now: Self.now) }?.contains("replay") == true)
        // The timestamp is part of what is signed: moving it inside the window breaks the signature.
        var moved = try signed(Self.telnyxFinalized)
        moved = InboundWebhook(url: moved.url, headers: moved.headers.map { ($0.key, $0.key == "telnyx-timestamp" ? "1767225591" : $0.value) }, body: moved.body)
        #expect(Self.rejection { try parser.verify(moved, keys: Self.keys(publicKey), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(signed(Self.telnyxFinalized), keys: Self.keys("bm90IGEga2V5"), now: Self.now) }?.contains("no key") == true)
    }

    @Test func telnyxMapsMessageEventsToThePayloadId() throws {
        let parser = TelnyxWebhook()
        let finalized = try Self.events(parser, Self.webhook(Self.telnyxFinalized, [Self.json]))
        #expect(finalized.count == 1)
        // The adapter records the send's `data.id`, which is the message id the events carry in `data.payload.id`.
        #expect(finalized.first?.messageId == "b301ed3f-1490-491f-995f-6e64e69674d4")
        #expect(finalized.first?.status == .delivered && finalized.first?.eventId == "4ee8c3a6-4995-4309-a3c6-38e3db9ea4be")
        #expect(finalized.first?.recipient == "+12125559001")
        #expect(abs((finalized.first?.occurredAt?.timeIntervalSince1970 ?? 0) - 1_575_927_134.148) < 0.001)
        let sent = try Self.events(parser, Self.webhook(Self.telnyxSent, [Self.json]))
        #expect(sent.map(\.status) == [.queued] && sent.first?.messageId == "40385f64-5717-4562-b3fc-2c963f66afa6")
        let failedBody = Self.telnyxFinalized.replacingOccurrences(of: #""status":"delivered""#, with: #""status":"delivery_failed""#)
            .replacingOccurrences(of: #""errors":[]"#, with: #""errors":[{"code":"40008","title":"Undeliverable","detail":"The message was not delivered"}]"#)
        let failed = try Self.events(parser, Self.webhook(failedBody, [Self.json]))
        #expect(failed.map(\.status) == [.failed] && failed.first?.detail == "40008: The message was not delivered")
        for (raw, status) in ["sending_failed": ProviderEventStatus.failed, "delivery_unconfirmed": .undelivered, "sent": .sent, "sending": .sending] {
            let body = Self.telnyxFinalized.replacingOccurrences(of: #""status":"delivered""#, with: #""status":"\#(raw)""#)
            #expect(try Self.events(parser, Self.webhook(body, [Self.json])).map(\.status) == [status])
        }
        let inbound = #"{"data":{"event_type":"message.received","id":"e1","payload":{"id":"m1","to":[{"status":"webhook_delivered"}]}}}"#
        #expect(try Self.events(parser, Self.webhook(inbound, [Self.json])).isEmpty)
    }

    // MARK: Vonage / Nexmo (signed DLR `sig`, signature secret)

    /// A delivery receipt with Vonage's documented fields, as a form POST.
    static let nexmoBody = "msisdn=447700900000&to=AcmeInc&network-code=12345&messageId=0A0000001234567B"
        + "&price=0.03330000&status=delivered&scts=2001011400&err-code=0&api-key=abcd1234&client-ref=dlv_42"
        + "&message-timestamp=2020-01-01+12%3A00%3A00&timestamp=1767225590&nonce=a1b2c3d4"
    /// HMAC-SHA256, computed with Vonage's Python library from PyPI (vonage-http-client in vonage 4.x):
    /// ```python
    /// from vonage_http_client.auth import Auth
    /// a = Auth(api_key="abcd1234", signature_secret="vonage-signature-secret", signature_method="sha256")
    /// a.sign_params({"msisdn": "447700900000", "to": "AcmeInc", "network-code": "12345",
    ///                "messageId": "0A0000001234567B", "price": "0.03330000", "status": "delivered",
    ///                "scts": "2001011400", "err-code": "0", "api-key": "abcd1234", "client-ref": "dlv_42",
    ///                "message-timestamp": "2020-01-01 12:00:00", "timestamp": "1767225590", "nonce": "a1b2c3d4"})
    /// # 'afcd60358f08f8524f1b076433cacf4c1431595fe8c95b6a8f539be59115b9b0'; a.check_signature(... sig=...) is True
    /// ```
    static let nexmoLibrarySHA256 = "afcd60358f08f8524f1b076433cacf4c1431595fe8c95b6a8f539be59115b9b0"

    @Test func nexmoVerifiesSignedReceiptsUnderEachSignatureMethod() throws {
        let parser = NexmoWebhook()
        let secret = "vonage-signature-secret"
        func signed(_ sig: String, body: String = Self.nexmoBody) -> InboundWebhook {
            Self.webhook(body + "&sig=" + sig, [Self.form])
        }
        #expect(try parser.verify(signed(Self.nexmoLibrarySHA256), keys: Self.keys(secret), now: Self.now) == .verified)
        #expect(try parser.verify(signed(Self.nexmoLibrarySHA256.uppercased()), keys: Self.keys(secret), now: Self.now) == .verified)
        // md5hash (Vonage's default method): MD5 of the sorted "&name=value" text followed by the secret.
        let fields = SMSWebhookSupport.dictionary(InboundWebhook.formFields(Self.nexmoBody))
        let text = fields.keys.sorted().map { "&\($0)=\(fields[$0]!.replacingOccurrences(of: "&", with: "_").replacingOccurrences(of: "=", with: "_"))" }.joined()
        #expect(text.hasPrefix("&api-key=abcd1234&client-ref=dlv_42&err-code=0&message-timestamp=2020-01-01 12:00:00&messageId="))
        let md5 = Insecure.MD5.hash(data: Data((text + secret).utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(try parser.verify(signed(md5), keys: Self.keys(secret), now: Self.now) == .verified)
        let sha512 = HMAC<SHA512>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02X", $0) }.joined()
        #expect(try parser.verify(signed(sha512), keys: Self.keys(secret), now: Self.now) == .verified)
        // The same receipt as a GET-style query string, or as JSON.
        let query = Self.webhook("", [], url: Self.url + "?" + Self.nexmoBody + "&sig=" + Self.nexmoLibrarySHA256)
        #expect(try parser.verify(query, keys: Self.keys(secret), now: Self.now) == .verified)
        var object: [String: JSONValue] = fields.mapValues(JSONValue.string)
        object["sig"] = .string(Self.nexmoLibrarySHA256)
        let json = Self.webhook(String(decoding: JSONValue.object(object).encoded(), as: UTF8.self), [Self.json])
        #expect(try parser.verify(json, keys: Self.keys(secret), now: Self.now) == .verified)

        let unsigned = Self.webhook(Self.nexmoBody, [Self.form])
        #expect(try parser.verify(unsigned, keys: Self.keys(secret), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(unsigned, keys: Self.keys(secret, required: true), now: Self.now) }?.contains("not signed") == true)
        let tampered = signed(Self.nexmoLibrarySHA256, body: Self.nexmoBody.replacingOccurrences(of: "status=delivered", with: "status=failed"))
        #expect(Self.rejection { try parser.verify(tampered, keys: Self.keys(secret), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(signed(Self.nexmoLibrarySHA256), keys: Self.keys("another-secret"), now: Self.now) }?.contains("invalid") == true)
        // A receipt signed at 1767225590 and replayed more than five minutes later.
        #expect(Self.rejection { try parser.verify(signed(Self.nexmoLibrarySHA256), keys: Self.keys(secret), now: Self.now.addingTimeInterval(600)) }?.contains("replay") == true)
    }

    @Test func nexmoMapsDeliveryReceiptsToTheMessageId() throws {
        let parser = NexmoWebhook()
        let events = try Self.events(parser, Self.webhook(Self.nexmoBody, [Self.form]))
        #expect(events.count == 1)
        #expect(events.first?.messageId == "0A0000001234567B")   // the adapter records messages[0]["message-id"]
        #expect(events.first?.deliveryId == "dlv_42" && events.first?.status == .delivered)
        #expect(events.first?.recipient == "447700900000" && events.first?.detail == nil)
        #expect(events.first?.occurredAt == Date(timeIntervalSince1970: 1_577_880_000))
        // The documented GET form of a receipt.
        let get = Self.webhook("", [], url: Self.url + "?msisdn=4527631111&to=Tak&network-code=23820&messageId=0C0000002EEBDA56&price=0.01820000&status=failed&scts=1705021324&err-code=6&message-timestamp=2017-05-02+11%3A24%3A03")
        let failed = try Self.events(parser, get)
        #expect(failed.map(\.status) == [.failed] && failed.first?.messageId == "0C0000002EEBDA56" && failed.first?.detail == "6")
        for (raw, status) in ["expired": ProviderEventStatus.undelivered, "rejected": .rejected, "accepted": .accepted, "buffered": .queued] {
            #expect(try Self.events(parser, Self.webhook("messageId=m1&status=\(raw)", [Self.form])).map(\.status) == [status])
        }
        #expect(try Self.events(parser, Self.webhook("messageId=m1&status=unknown", [Self.form])).isEmpty)
    }

    // MARK: Termii (X-Termii-Signature, HMAC-SHA512 of the body)

    /// Termii's documented delivery report shape.
    static let termiiBody = #"{"type":"outbound","id":"c4c1b2a0-0d5f-4a51-9c59-3a9ad1c6b4e7","message_id":"3017544054459493186774734","receiver":"2347012345678","sender":"Termii","message":"Your code is 1234","sent_at":"2023-02-13 14:39:15","cost":"2.50","status":"Message Sent","channel":"generic"}"#

    @Test func termiiVerifiesTheBodyHMACAndMapsStatusesWithoutCase() throws {
        let parser = TermiiWebhook()
        let secret = "termii-secret-key"
        let mac = HMAC<SHA512>.authenticationCode(for: Data(Self.termiiBody.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        func signed(_ signature: String, body: String = Self.termiiBody) -> InboundWebhook {
            Self.webhook(body, [Self.json, ("X-Termii-Signature", signature)])
        }
        #expect(try parser.verify(signed(hex), keys: Self.keys(secret), now: Self.now) == .verified)
        #expect(try parser.verify(signed(Data(mac).base64EncodedString()), keys: Self.keys(secret), now: Self.now) == .verified)
        #expect(try parser.verify(Self.webhook(Self.termiiBody, [Self.json]), keys: Self.keys(secret), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(Self.webhook(Self.termiiBody, [Self.json]), keys: Self.keys(secret, required: true), now: Self.now) }?.contains("not signed") == true)
        #expect(Self.rejection { try parser.verify(signed(hex, body: Self.termiiBody.replacingOccurrences(of: "Message Sent", with: "Delivered")), keys: Self.keys(secret), now: Self.now) }?.contains("invalid") == true)
        #expect(Self.rejection { try parser.verify(signed(hex), keys: Self.keys("other-secret"), now: Self.now) }?.contains("invalid") == true)

        let events = try Self.events(parser, Self.webhook(Self.termiiBody, [Self.json]))
        #expect(events.map(\.status) == [.sent] && events.first?.messageId == "3017544054459493186774734")   // the send's message_id
        #expect(events.first?.recipient == "2347012345678")
        let expected: [String: ProviderEventStatus] = [
            "Delivered": .delivered, "Message Failed": .failed, "message sent": .sent, "Rejected": .rejected,
            "DND Active on Phone Number": .blocked, "DELIVERED | Message delivered to handset": .delivered,
        ]
        for (raw, status) in expected {
            let body = Self.termiiBody.replacingOccurrences(of: "Message Sent", with: raw)
            #expect(try Self.events(parser, Self.webhook(body, [Self.json])).map(\.status) == [status], "\(raw)")
        }
    }

    // MARK: Providers without a signature: Basic credentials in the callback URL

    static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    @Test func unsignedProvidersCheckBasicCredentialsWhenGiven() async throws {
        let samples: [(any ProviderWebhookParser, String, (String, String))] = [
            (BandwidthWebhook(), Self.bandwidthBody, Self.json), (FortySixElksWebhook(), Self.elksBody, Self.form),
            (SinchWebhook(), Self.sinchRecipient, Self.json), (InfobipSMSWebhook(), Self.infobipBody, Self.json),
            (IMediaWebhook(), #"{"referentId":"r1","status":"delivered"}"#, Self.json),
        ]
        for (parser, body, type) in samples {
            let id = parser.providerIds[0]
            let good = Self.webhook(body, [type, Self.basic("herald", "callback-password")])
            #expect(try await parser.verify(good, keys: Self.keys("herald:callback-password"), now: Self.now) == .verified, "\(id)")
            #expect(try await parser.verify(good, keys: Self.keys("callback-password"), now: Self.now) == .verified, "\(id)")
            #expect(await Self.rejection { try await parser.verify(Self.webhook(body, [type, Self.basic("herald", "guess")]), keys: Self.keys("herald:callback-password"), now: Self.now) }?.contains("invalid") == true, "\(id)")
            #expect(await Self.rejection { try await parser.verify(Self.webhook(body, [type, ("Authorization", "Bearer x")]), keys: Self.keys("herald:callback-password"), now: Self.now) }?.contains("invalid") == true, "\(id)")
            #expect(try await parser.verify(Self.webhook(body, [type]), keys: Self.keys("herald:callback-password"), now: Self.now) == .unsigned, "\(id)")
            #expect(try await parser.verify(Self.webhook(body, [type]), keys: Self.keys(nil), now: Self.now) == .unsigned, "\(id)")
            #expect(await Self.rejection { try await parser.verify(Self.webhook(body, [type]), keys: Self.keys(nil, required: true), now: Self.now) }?.contains("not signed") == true, "\(id)")
        }
    }

    /// Bandwidth's documented callbacks: a delivered and a failed event in one array.
    static let bandwidthBody = #"""
        [{"type":"message-delivered","time":"2016-09-14T18:20:16Z","description":"ok","to":"+12345678902","message":{"id":"14762070468292kw2fuqty55yp2b2","time":"2016-09-14T18:20:16Z","to":["+12345678902"],"from":"+12345678901","text":"","applicationId":"93de2206-9669-4e07-948d-329f4b722ee2","owner":"+12345678901","direction":"out","segmentCount":1,"tag":"dlv_7"}},
         {"type":"message-failed","time":"2016-09-14T18:20:17Z","description":"forbidden to country","to":"+52345678903","errorCode":4432,"message":{"id":"14762070468292kw2fuqty55yp2b3","time":"2016-09-14T18:20:17Z","to":["+52345678903"],"from":"+12345678901","text":"","applicationId":"93de2206-9669-4e07-948d-329f4b722ee2","owner":"+12345678901","direction":"out","segmentCount":1}}]
        """#

    @Test func bandwidthMapsCallbackArrays() throws {
        let events = try Self.events(BandwidthWebhook(), Self.webhook(Self.bandwidthBody, [Self.json]))
        #expect(events.map(\.status) == [.delivered, .failed])
        #expect(events.map(\.messageId) == ["14762070468292kw2fuqty55yp2b2", "14762070468292kw2fuqty55yp2b3"])   // the send's `id`
        #expect(events[0].deliveryId == "dlv_7" && events[1].deliveryId == nil)
        #expect(events[1].detail == "4432: forbidden to country" && events[1].recipient == "+52345678903")
        #expect(events[0].occurredAt == Date(timeIntervalSince1970: 1_473_877_216))
        #expect(events[0].eventId != events[1].eventId)
    }

    static let elksBody = "id=s70df59406a1b4643b96f3f91e0bfb7b0&status=delivered&delivered=2018-07-13T13%3A57%3A23.741000"

    @Test func fortySixElksMapsDeliveryReports() throws {
        let parser = FortySixElksWebhook()
        let events = try Self.events(parser, Self.webhook(Self.elksBody, [Self.form]))
        #expect(events.map(\.status) == [.delivered] && events.first?.messageId == "s70df59406a1b4643b96f3f91e0bfb7b0")
        #expect(abs((events.first?.occurredAt?.timeIntervalSince1970 ?? 0) - 1_531_490_243.741) < 0.001)
        #expect(try Self.events(parser, Self.webhook("id=s1&status=failed", [Self.form])).map(\.status) == [.failed])
    }

    /// Sinch's documented recipient delivery report (with a client reference) and a batch summary.
    static let sinchRecipient = #"{"at":"2024-10-25T10:02:42.148Z","batch_id":"01JB1J1M5BM5XQ8Q0ZWBM44E14","client_reference":"dlv_9","code":0,"operator_status_at":"2024-10-25T10:02:00Z","recipient":"447700900123","status":"Delivered","type":"recipient_delivery_report_sms"}"#
    static let sinchSummary = #"{"batch_id":"01J06CY78GZ2F74YZNNH2VBWR6","statuses":[{"code":412,"count":1,"status":"Aborted"}],"total_message_count":1,"type":"delivery_report_sms"}"#

    @Test func sinchMapsRecipientAndBatchReportsToTheBatchId() throws {
        let parser = SinchWebhook()
        let recipient = try Self.events(parser, Self.webhook(Self.sinchRecipient, [Self.json]))
        #expect(recipient.map(\.status) == [.delivered] && recipient.first?.messageId == "01JB1J1M5BM5XQ8Q0ZWBM44E14")   // the batch `id`
        #expect(recipient.first?.deliveryId == "dlv_9" && recipient.first?.recipient == "447700900123")
        let summary = try Self.events(parser, Self.webhook(Self.sinchSummary, [Self.json]))
        #expect(summary.map(\.status) == [.dropped] && summary.first?.messageId == "01J06CY78GZ2F74YZNNH2VBWR6")
        #expect(summary.first?.detail == "412: Aborted")
        let failed = Self.sinchRecipient.replacingOccurrences(of: #""status":"Delivered""#, with: #""status":"Failed""#)
        #expect(try Self.events(parser, Self.webhook(failed, [Self.json])).map(\.status) == [.failed])
    }

    /// Infobip's documented SMS delivery report.
    static let infobipBody = #"{"results":[{"bulkId":"BULK-ID-123-xyz","messageId":"MESSAGE-ID-123-xyz","to":"41793026727","sentAt":"2019-11-09T16:00:00.000+0000","doneAt":"2019-11-09T16:00:00.000+0000","smsCount":1,"price":{"pricePerMessage":0.01,"currency":"EUR"},"status":{"groupId":3,"groupName":"DELIVERED","id":5,"name":"DELIVERED_TO_HANDSET","description":"Message delivered to handset"},"error":{"groupId":0,"groupName":"OK","id":0,"name":"NO_ERROR","description":"No Error","permanent":false}}]}"#

    @Test func infobipMapsStatusGroups() throws {
        let parser = InfobipSMSWebhook()
        let events = try Self.events(parser, Self.webhook(Self.infobipBody, [Self.json]))
        #expect(events.map(\.status) == [.delivered] && events.first?.messageId == "MESSAGE-ID-123-xyz")   // messages[0].messageId
        #expect(events.first?.providerStatus == "DELIVERED_TO_HANDSET" && events.first?.recipient == "41793026727")
        #expect(events.first?.occurredAt == Date(timeIntervalSince1970: 1_573_315_200))
        let undeliverable = Self.infobipBody
            .replacingOccurrences(of: #""groupId":3,"groupName":"DELIVERED","id":5,"name":"DELIVERED_TO_HANDSET","description":"Message delivered to handset""#,
                                  with: #""groupId":2,"groupName":"UNDELIVERABLE","id":9,"name":"UNDELIVERABLE_NOT_DELIVERED","description":"Message sent not delivered""#)
            .replacingOccurrences(of: #""name":"NO_ERROR""#, with: #""name":"EC_ABSENT_SUBSCRIBER""#)
        let failed = try Self.events(parser, Self.webhook(undeliverable, [Self.json]))
        #expect(failed.map(\.status) == [.undelivered] && failed.first?.detail == "EC_ABSENT_SUBSCRIBER: Message sent not delivered")
        #expect(throws: WebhookRejection.self) { try parser.parse(Self.webhook(#"{"messages":[]}"#, [Self.json])) }
    }

    @Test func iMediaMapsNovusFields() throws {
        let parser = IMediaWebhook()
        #expect(try Self.events(parser, Self.webhook(#"{"referentId":"12345","status":"DELIVERED"}"#, [Self.json])).map(\.status) == [.delivered])
        let form = try Self.events(parser, Self.webhook("MessageSid=67890&MessageStatus=error", [Self.form]))
        #expect(form.map(\.status) == [.failed] && form.first?.messageId == "67890")   // the send's referentId
        #expect(try Self.events(parser, Self.webhook(#"{"referentId":"1","status":"mystery"}"#, [Self.json])).isEmpty)
    }

    // MARK: RingCentral (Verification-Token)

    @Test func ringCentralChecksTheVerificationTokenAndReadsEnvelopes() throws {
        let parser = RingCentralWebhook()
        let envelope = #"{"uuid":"5323367178598327390","event":"/restapi/v1.0/account/~/extension/~/message-store","timestamp":"2024-03-01T10:00:05.000Z","subscriptionId":"a7e3b9b0","ownerId":"256440016","body":{"id":"1724099032020","to":[{"phoneNumber":"+15551230000"}],"type":"SMS","direction":"Outbound","messageStatus":"Delivered","creationTime":"2024-03-01T10:00:00.000Z","lastModifiedTime":"2024-03-01T10:00:04.000Z"}}"#
        let signed = Self.webhook(envelope, [Self.json, ("Verification-Token", "rc-token")])
        #expect(try parser.verify(signed, keys: Self.keys("rc-token"), now: Self.now) == .verified)
        #expect(Self.rejection { try parser.verify(signed, keys: Self.keys("other"), now: Self.now) }?.contains("invalid") == true)
        #expect(try parser.verify(Self.webhook(envelope, [Self.json]), keys: Self.keys("rc-token"), now: Self.now) == .unsigned)
        #expect(Self.rejection { try parser.verify(Self.webhook(envelope, [Self.json]), keys: Self.keys("rc-token", required: true), now: Self.now) }?.contains("not signed") == true)
        let events = try Self.events(parser, signed)
        #expect(events.map(\.status) == [.delivered] && events.first?.messageId == "1724099032020")   // the record `id`
        #expect(events.first?.recipient == "+15551230000" && events.first?.eventId == "5323367178598327390:1724099032020")
        let bare = #"{"id":1724099032021,"messageStatus":"SendingFailed","creationTime":"2024-03-01T10:00:00.000Z"}"#
        let failed = try Self.events(parser, Self.webhook(bare, [Self.json]))
        #expect(failed.map(\.status) == [.failed] && failed.first?.messageId == "1724099032021")
    }

    // MARK: Registration

    @Test func everyParserIsRegisteredForACatalogueSMSProvider() {
        let ids = SMSWebhooks.all.flatMap(\.providerIds)
        #expect(Set(ids) == ["twilio", "plivo", "telnyx", "nexmo", "termii", "ring-central", "imedia", "bandwidth",
                             "forty-six-elks", "sinch", "infobip-sms"])
        #expect(ids.count == Set(ids).count)
        let sms = Set(ProviderCatalogue.all.filter { $0.channel == .sms }.map(\.id))
        #expect(Set(ids).isSubset(of: sms))
        #expect(Set(ids).isSubset(of: Set(ProviderRegistry.webhookParsers.flatMap(\.providerIds))))
    }
}
