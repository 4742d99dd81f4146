import Foundation
import HeraldCore
import Testing

/// The hand-written JSON parser agrees with `JSONDecoder` on valid input and rejects malformed input; the fast
/// JSON forms of stored delivery parts decode back with `Codable`.
@Suite struct JSONTests {
    static let valid: [String] = [
        #"{}"#, #"[]"#, #"null"#, #"true"#, #"false"#, #"0"#, #"-0"#, #"12"#, #"-12.5e3"#, #"1E-2"#, #"1.7976931348623157e308"#,
        #"{"a":1,"b":[true,false,null,{"c":"d"}],"e":{"f":{"g":[[],{}]}}}"#,
        #"  {"channel" : "chat" ,"to":{"webhookUrl":"http://x/y"} , "content":{"content":"héllo ✓"}}  "#,
        #""esc \" \\ \/ \b \f \n \r \t \u00e9 \u2713 \ud83d\ude00""#,
        #"{"dup":1,"dup":2}"#, #"[1,2.5,-3,4e2,"5"]"#, "\n\t[ 1 ,\r\n 2 ]",
    ]

    static let invalid: [String] = [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]",
        "\"unterminated", "\"ctrl \u{01}\"", #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00x""#, "[1] x", "tru", "nul",
        "[NaN]", "[Infinity]", "[1e400]", "{\"a\":1}}", "'single'",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]

    @Test(arguments: valid) func agreesWithJSONDecoderOnValidInput(_ text: String) throws {
        let ours = try JSONValue.parse(Data(text.utf8))
        let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == theirs)
    }

    @Test(arguments: invalid) func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Data(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Data([0x22, 0xFF, 0x22])) }
    }

    @Test func storedDeliveryPartsRoundTripThroughCodable() throws {
        let request = DeliveryRequest(
            channel: .push, to: .init(email: "a@b.c", deviceTokens: ["t1", "t2"], subscriberId: "s-1"),
            content: .init(subject: "Hi \"there\"", title: "T", body: "B\nline", data: .object(["n": .number(1.5)])),
            integrationIdentifier: "fcm-main", tenant: .object(["plan": .string("pro")]), payload: .array([.null, .bool(true)]),
            overrides: ["fcm": .object(["ttl": .number(60)])], transactionId: "tx-1")
        let decodedRequest = try JSONDecoder().decode(DeliveryRequest.self, from: Data(request.jsonValue.jsonText.utf8))
        #expect(decodedRequest == request)
        let minimal = DeliveryRequest(channel: .chat, to: .init(webhookUrl: "http://h/x"), content: .init(content: "c"))
        #expect(try JSONDecoder().decode(DeliveryRequest.self, from: Data(minimal.jsonValue.jsonText.utf8)) == minimal)

        let attempts = [
            DeliveryAttempt(round: 0, integrationId: "i1", identifier: "hook", providerId: "chat-webhook",
                            startedAt: Date(timeIntervalSince1970: 1_764_460_800.123), endedAt: Date(timeIntervalSince1970: 1_764_460_801.5),
                            outcome: .retryable, error: "HTTP 503"),
            DeliveryAttempt(round: 1, integrationId: "i2", identifier: "hook2", providerId: "chat-webhook",
                            startedAt: Date(timeIntervalSince1970: 1_764_460_900), endedAt: Date(timeIntervalSince1970: 1_764_460_900.25),
                            outcome: .sent, messageId: "m-1"),
        ]
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let text = JSONValue.array(attempts.map(\.jsonValue)).jsonText
        let decoded = try decoder.decode([DeliveryAttempt].self, from: Data(text.utf8))
        #expect(decoded.count == 2)
        for (a, b) in zip(decoded, attempts) {
            #expect(a.round == b.round && a.outcome == b.outcome && a.messageId == b.messageId && a.error == b.error)
            #expect(abs(a.startedAt.timeIntervalSince(b.startedAt)) < 0.000_01)
            #expect(abs(a.endedAt.timeIntervalSince(b.endedAt)) < 0.000_01)
        }
    }

    @Test func failedRecipientsKeepWhetherTheyWereRemovedAndOldRowsReadAsNot() throws {
        var attempt = DeliveryAttempt(
            round: 0, integrationId: "i1", identifier: "expo", providerId: "expo", startedAt: Date(timeIntervalSince1970: 1),
            endedAt: Date(timeIntervalSince1970: 2), outcome: .sent, messageId: "m-1")
        attempt.failedRecipients = [
            .init(address: "dead", reason: "invalid_device_token", error: "gone", removedFromSubscriber: true),
            .init(address: "slow", reason: "timeout", error: "timed out"),
        ]
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let decoded = try decoder.decode(DeliveryAttempt.self, from: Data(attempt.jsonValue.jsonText.utf8))
        #expect(decoded.failedRecipients == attempt.failedRecipients)
        let old = #"{"round":0,"integrationId":"i","identifier":"x","providerId":"expo","startedAt":1,"endedAt":2,"outcome":"sent","failedRecipients":[{"address":"t","reason":"invalid_device_token","error":"e"}]}"#
        let stored = try decoder.decode(DeliveryAttempt.self, from: Data(old.utf8))
        #expect(stored.failedRecipients == [.init(address: "t", reason: "invalid_device_token", error: "e")])
        #expect(stored.failedRecipients?.first?.removedFromSubscriber == false)
    }
}

/// Blank recipient or content fields (spaces, tabs, Unicode space separators) count as missing.
@Suite struct DeliveryRequestValidationTests {
    @Test(arguments: ["", " ", "\t \t", "\u{00A0}", "\u{2003}\u{3000}"]) func blankIsMissing(_ text: String) {
        let request = DeliveryRequest(channel: .chat, to: .init(webhookUrl: text), content: .init(content: "hello"))
        #expect(throws: HeraldError.self) { try request.validate() }
    }

    @Test(arguments: ["x", " x ", "\u{00A0}é", "\n"]) func anythingElseIsPresent(_ text: String) throws {
        try DeliveryRequest(channel: .chat, to: .init(webhookUrl: text), content: .init(content: "hello")).validate()
    }
}
