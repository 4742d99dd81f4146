import Foundation
import HeraldCore
import Testing

@Suite struct ValidationTests {
    @Test func referenceHasFortyFiveCredentialKeys() {
        #expect(CredentialKey.referenceKeys.count == 45)
        #expect(Set(CredentialKey.allKeys).count == 56)
    }

    @Test func unknownCredentialKeysAreNamed() throws {
        let error = #expect(throws: HeraldError.self) {
            try Credentials.validate(.object(["apiKey": .string("x"), "bogus": .string("y")]))
        }
        #expect(error?.kind == .validation)
        #expect(error?.messages == ["credentials.bogus is not a known credential key"])
    }

    @Test func credentialTypesAreChecked() throws {
        let error = #expect(throws: HeraldError.self) {
            try Credentials.validate(.object(["secure": .string("maybe"), "tlsOptions": .string("x"), "from": .bool(true)]))
        }
        #expect(error?.messages.sorted() == [
            "credentials.from must be a string", "credentials.secure must be a boolean",
            "credentials.tlsOptions must be a object",
        ].sorted())
    }

    @Test func novuSpellingOfAppIOBaseUrlIsAccepted() throws {
        let credentials = try Credentials.validate(.object(["AppIOBaseUrl": .string("https://a.io"), "port": .number(587)]))
        #expect(credentials[string: "appIOBaseUrl"] == "https://a.io")
        #expect(credentials[string: "port"] == "587")
    }

    @Test func conditionsAreValidatedWithPaths() throws {
        let bad: JSONValue = .array([.object([
            "value": .string("XOR"),
            "children": .array([.object(["field": .string("id"), "operator": .string("NEAR"), "on": .string("moon")])]),
        ])])
        let error = #expect(throws: HeraldError.self) { try StepFilter.validateList(bad) }
        #expect(error?.messages.contains("conditions[0].value must be one of AND, OR") == true)
        #expect(error?.messages.contains { $0.hasPrefix("conditions[0].children[0].operator must be one of") } == true)
        #expect(error?.messages.contains("conditions[0].children[0].on must be one of tenant, subscriber, payload") == true)
    }

    @Test func everyOperatorParses() throws {
        for op in FieldOperator.allCases {
            let list = try StepFilter.validateList(.array([.object([
                "value": .string("OR"), "isNegated": .bool(true),
                "children": .array([.object([
                    "field": .string("data.region"), "value": .string("eu"), "operator": .string(op.rawValue),
                    "on": .string("tenant"),
                ])]),
            ])]))
            #expect(list[0].children[0].operator == op)
            #expect(list[0].isNegated)
        }
    }

    @Test func catalogueHasEveryProviderOfTheReference() {
        let counts = Dictionary(grouping: ProviderCatalogue.all, by: \.channel).mapValues(\.count)
        #expect(counts == [.email: 19, .sms: 38, .chat: 14, .push: 8, .inApp: 1])
        let keys = Set(CredentialKey.allKeys)
        for provider in ProviderCatalogue.all {
            for spec in provider.credentials { #expect(keys.contains(spec.key), "\(provider.id).\(spec.key)") }
        }
    }

    @Test func slugsFollowNovu() {
        #expect(Identifiers.slug("SendGrid") == "send-grid")
        #expect(Identifiers.slug("Custom SMTP") == "custom-smtp")
        #expect(Identifiers.slug("Brevo (formerly Sendinblue)") == "brevo-formerly-sendinblue")
        let identifier = Identifiers.defaultIdentifier(name: "SendGrid")
        #expect(identifier.hasPrefix("send-grid-") && identifier.count >= "send-grid-".count + 6)
    }
}

@Suite struct JSONWriterTests {
    @Test func writerRoundTripsThroughTheParser() throws {
        let value: JSONValue = .object([
            "text": .string("quote \" backslash \\ newline \n tab \t control \u{01} unicode é ✓ slash /"),
            "numbers": .array([.number(0), .number(-12), .number(3.25), .number(1e21), .number(123456789012)]),
            "flags": .array([.bool(true), .bool(false), .null]),
            "nested": .object(["a": .object([:]), "b": .array([])]),
        ])
        let text = String(decoding: value.encoded(), as: UTF8.self)
        #expect(try JSONValue.parse(Data(text.utf8)) == value)
        #expect(text.hasPrefix("{\"flags\":[true,false,null],\"nested\""))
        #expect(text.contains("\\u0001"))
    }
}

/// The delivery API's optional fields become typed messages; bad ones are 422s naming the field.
@Suite struct DeliveryFieldsTests {
    static func parse(_ json: String) throws -> DeliveryRequest {
        guard case .object(let body) = try JSONValue.parse(Data(json.utf8)) else { throw HeraldError.badRequest("not an object") }
        return try DeliveryRequestParser.parse(body)
    }

    @Test func emailFieldsBecomeAnEmailMessage() throws {
        let request = try Self.parse(#"""
            {"channel":"email","to":{"email":["a@x.test","b@x.test"],"cc":["c@x.test"],"bcc":["d@x.test"]},
             "content":{"subject":"S","html":"<p>h</p>","from":"f@x.test","senderName":"F","replyTo":"r@x.test",
                        "attachments":[{"filename":"a.png","contentType":"image/png","content":"aGk=","cid":"logo"}],
                        "headers":{"X-A":"1"},"tags":["t1"]}}
            """#)
        guard case .email(let email) = try ChannelMessage(request) else { Issue.record("not email"); return }
        #expect(email.to == ["a@x.test", "b@x.test"] && email.cc == ["c@x.test"] && email.bcc == ["d@x.test"])
        #expect(email.from == "f@x.test" && email.senderName == "F" && email.replyTo == "r@x.test")
        #expect(email.attachments == [.init(filename: "a.png", contentType: "image/png", content: Array("hi".utf8), cid: "logo")])
        #expect(email.headers == ["X-A": "1"] && email.tags == ["t1"])
    }

    @Test func pushAndChatFieldsBecomeTypedMessages() throws {
        let push = try Self.parse(#"""
            {"channel":"push","to":{"deviceTokens":["t1"]},"content":{"title":"T","body":"B","sound":"ping","badge":3,
             "imageUrl":"https://x.test/i.png","clickAction":"OPEN","threadId":"th","category":"c","priority":"high",
             "ttl":60,"collapseKey":"k"}}
            """#)
        guard case .push(let message) = try ChannelMessage(push) else { Issue.record("not push"); return }
        #expect(message.options.sound == "ping" && message.options.badge == 3 && message.options.priority == "high")
        #expect(message.options.ttl == 60 && message.options.collapseKey == "k" && message.options.threadId == "th")
        let chat = try Self.parse(#"{"channel":"chat","to":{"webhookUrl":"https://x.test/h","channel":"C1"},"content":{"content":"c","blocks":[{"type":"divider"}]}}"#)
        guard case .chat(let chatMessage) = try ChannelMessage(chat) else { Issue.record("not chat"); return }
        #expect(chatMessage.channel == "C1" && chatMessage.blocks == .array([.object(["type": .string("divider")])]))
        let sms = try Self.parse(#"{"channel":"sms","to":{"phone":"+15550001"},"content":{"content":"x","from":"Acme"}}"#)
        guard case .sms(let smsMessage) = try ChannelMessage(sms) else { Issue.record("not sms"); return }
        #expect(smsMessage.from == "Acme")
    }

    @Test func badFieldsAreNamed() {
        let body = #"""
            {"channel":"email","to":{"email":5,"cc":"c@x.test"},"content":{"subject":"S","html":"h",
             "attachments":[{"filename":"","content":"***"}],"headers":{"Bad Name":"v"},"badge":-1,"priority":"urgent",
             "ttl":1.5,"blocks":{}}}
            """#
        do {
            _ = try Self.parse(body)
            Issue.record("accepted")
        } catch let error as HeraldError {
            for field in ["to.email", "to.cc", "content.attachments[0].filename", "content.attachments[0].content",
                          "content.headers.Bad Name", "content.badge", "content.priority", "content.ttl", "content.blocks"] {
                #expect(error.messages.contains { $0.hasPrefix(field) }, "\(field): \(error.messages)")
            }
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func emailAddressesCannotSmuggleHeadersOrRecipients() {
        let body = #"""
            {"channel":"email","to":{"email":["ann@example.test","x@y.test\r\nBcc: all@corp.test"],"cc":["no-at-sign"],
             "bcc":["<b@x.test>"]},"content":{"subject":"S","text":"t","replyTo":"a@b.test, c@d.test","from":"me @x.test",
             "attachments":[{"filename":"a","content":"aGk=","contentType":"text/plain\r\nX-Injected: 1","cid":"a>\r\n"}]}}
            """#
        do {
            _ = try Self.parse(body)
            Issue.record("accepted")
        } catch let error as HeraldError {
            for field in ["to.email", "to.cc", "to.bcc", "content.replyTo", "content.from", "content.attachments[0].contentType",
                          "content.attachments[0].cid"] {
                #expect(error.messages.contains { $0.hasPrefix(field) }, "\(field): \(error.messages)")
            }
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: Never.self) {
            _ = try Self.parse(#"{"channel":"email","to":{"email":"ann+tag@example.test"},"content":{"subject":"S","text":"t","from":"no-reply@acme.test"}}"#)
        }
    }

    @Test func chatNeedsAWebhookURLAChannelOrAPhone() throws {
        for to in [#"{"webhookUrl":"https://hooks.example.test/x"}"#, #"{"channel":"C123"}"#, #"{"phone":"+15550001111"}"#] {
            let request = try Self.parse(#"{"channel":"chat","to":\#(to),"content":{"content":"hi"}}"#)
            #expect(throws: Never.self) { try request.validate() }
        }
        #expect(throws: HeraldError.self) {
            try Self.parse(#"{"channel":"chat","to":{},"content":{"content":"hi"}}"#).validate()
        }
    }

    @Test(arguments: ["015112345678", "+0151", "+49 151 1234", "+1", "+1234567890123456"])
    func smsNeedsAnE164Number(_ phone: String) throws {
        let request = try Self.parse(#"{"channel":"sms","to":{"phone":"\#(phone)"},"content":{"content":"hi"}}"#)
        do {
            try request.validate()
            Issue.record("\(phone) accepted")
        } catch let error as HeraldError {
            #expect(error.messages.contains { $0.hasPrefix("to.phone must be an E.164 number") }, "\(error.messages)")
        }
        #expect(throws: Never.self) {
            try Self.parse(#"{"channel":"sms","to":{"phone":"+4915112345678"},"content":{"content":"hi"}}"#).validate()
        }
    }
}
