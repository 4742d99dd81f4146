import Foundation
import HeraldCore
import Testing

@Suite struct ValidationTests {
    @Test func referenceHasFortyFiveCredentialKeys() {
        #expect(CredentialKey.referenceKeys.count == 45)
        #expect(Set(CredentialKey.allKeys).count == 55)
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
        #expect(counts == [.email: 19, .sms: 38, .chat: 12, .push: 8, .inApp: 1])
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
