import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Testing

/// SES (SESv2 SendEmail) and SNS (Publish) against loopback fakes: the documented request, its Signature V4 header,
/// the documented answers and error bodies. `MotoAWSTests` checks the same adapters against moto, which verifies
/// the signatures.
@Suite(.timeLimit(.minutes(2))) struct AWSAdapterTests {
    static let keyId = "AKIDEXAMPLE"

    static func ses(_ herald: TestHerald, _ fake: FakeProviderServer) async throws -> Integration {
        try await ProviderAdapterTests.create(herald, "ses", .email, [
            "apiKey": .string(keyId), "secretKey": .string("ses-secret-1"), "region": .string("eu-west-1"),
            "from": .string("no-reply@acme.test"), "senderName": .string("Acme Støtte"), "baseUrl": .string(fake.url("")),
        ])
    }

    /// The scope and signed headers of a SigV4 `Authorization` header, for today's date.
    static func expectSigned(_ request: FakeProviderServer.Recorded, region: String, service: String) {
        let authorization = request.header("Authorization") ?? ""
        let day = String((request.header("X-Amz-Date") ?? "").prefix(8))
        #expect(day.count == 8)
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(keyId)/\(day)/\(region)/\(service)/aws4_request, "))
        #expect(authorization.contains("SignedHeaders=host;x-amz-date, Signature="))
        #expect(!authorization.contains("secret"))
    }

    @Test func sesSendsSimpleContentSignedAndRecordsTheMessageId() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v2/email/outbound-emails", .respond(status: 200, json: #"{"MessageId":"0100018f-ses-1"}"#))
            _ = try await Self.ses(herald, fake)
            var request = DeliveryRequest(
                channel: .email, to: .init(email: "ann@example.test"), content: .init(subject: "Hej", html: "<p>Hej</p>", text: "Hej"))
            request.to.emails = ["ann@example.test", "bob@example.test"]
            request.to.bcc = ["audit@acme.test"]
            request.content.replyTo = "help@acme.test"
            request.content.headers = ["X-Campaign": "spring"]
            let delivery = DeliveryTests.delivery(herald, request)
            let result = await herald.runtime.processor.process(delivery, logger: herald.logger)
            #expect(result.status == .sent)
            #expect(result.attempts.first?.messageId == "0100018f-ses-1")
            let sent = try #require(fake.requests(to: "v2/email/outbound-emails").first)
            Self.expectSigned(sent, region: "eu-west-1", service: "ses")
            #expect(sent.header("Content-Type") == "application/json")
            let body = sent.json
            #expect(body.value(atPath: "FromEmailAddress") == .string("=?utf-8?B?QWNtZSBTdMO4dHRl?= <no-reply@acme.test>"))
            #expect(body.value(atPath: "Destination") == .object([
                "ToAddresses": .array([.string("ann@example.test"), .string("bob@example.test")]),
                "BccAddresses": .array([.string("audit@acme.test")]),
            ]))
            #expect(body.value(atPath: "ReplyToAddresses") == .array([.string("help@acme.test")]))
            #expect(body.value(atPath: "Content.Simple.Subject") == .object(["Data": .string("Hej"), "Charset": .string("UTF-8")]))
            #expect(body.value(atPath: "Content.Simple.Body.Html.Data") == .string("<p>Hej</p>"))
            #expect(body.value(atPath: "Content.Simple.Body.Text.Data") == .string("Hej"))
            #expect(body.value(atPath: "Content.Simple.Headers") == .array([.object(["Name": .string("X-Campaign"), "Value": .string("spring")])]))
            #expect(body.value(atPath: "EmailTags") == .array([.object(["Name": .string("herald_delivery"), "Value": .string(delivery.id)])]))
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func sesSendsRawMIMEWhenThereAreAttachments() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v2/email/outbound-emails", .respond(status: 200, json: #"{"MessageId":"raw-1"}"#))
            _ = try await Self.ses(herald, fake)
            var request = DeliveryRequest(
                channel: .email, to: .init(email: "ann@example.test"), content: .init(subject: "Report ✓", html: "<img src=\"cid:logo\">"))
            request.to.bcc = ["audit@acme.test"]
            request.content.attachments = [
                .init(filename: "report.txt", contentType: "text/plain", content: Data("hello".utf8).base64EncodedString()),
                .init(filename: "logo.png", contentType: "image/png", content: Data([0x89, 0x50]).base64EncodedString(), cid: "logo"),
            ]
            let result = await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
            #expect(result.status == .sent)
            let body = try #require(fake.requests(to: "v2/email/outbound-emails").first).json
            #expect(body.value(atPath: "Content.Simple") == nil)
            let raw = try #require(body.value(atPath: "Content.Raw.Data")?.stringValue.flatMap { Data(base64Encoded: $0) })
            let mime = String(decoding: raw, as: UTF8.self)
            #expect(mime.contains("Subject: =?utf-8?B?UmVwb3J0IOKckw==?=\r\n"))
            #expect(mime.contains("multipart/mixed") && mime.contains("multipart/related"))
            #expect(mime.contains("Content-ID: <logo>\r\nContent-Disposition: inline; filename=\"logo.png\""))
            #expect(mime.contains("Content-Disposition: attachment; filename=\"report.txt\"\r\n\r\naGVsbG8=\r\n"))
            #expect(!mime.contains("audit@acme.test"), "bcc stays out of the MIME headers")
            #expect(body.value(atPath: "Destination.BccAddresses") == .array([.string("audit@acme.test")]))
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func sesErrorsAreClassifiedByTheirAWSType() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("v2/email/outbound-emails",
                    .respond(status: 400, json: #"{"message":"Email address is not verified."}"#,
                             headers: ["x-amzn-ErrorType": "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/"]),
                    .respond(status: 403, json: #"{"message":"The request signature we calculated does not match"}"#,
                             headers: ["x-amzn-ErrorType": "SignatureDoesNotMatch"]),
                    // Last: a rate-limited integration is passed over for a while.
                    .respond(status: 400, json: #"{"__type":"ThrottlingException","message":"Maximum sending rate exceeded."}"#))
            _ = try await Self.ses(herald, fake)
            var outcomes: [(String?, String?)] = []
            for _ in 0..<3 {
                let result = await herald.runtime.processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
                outcomes.append((result.attempts.first?.reason, result.attempts.first?.providerCode))
            }
            #expect(outcomes.map(\.0) == ["rejected", "bad_credentials", "rate_limited"])
            #expect(outcomes.map(\.1) == ["MessageRejected", "SignatureDoesNotMatch", "ThrottlingException"])
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func sesCheckNeedsTheSendersIdentityVerified() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            let notFound = #"{"message":"Email identity acme.test does not exist."}"#
            fake.on(.get, "v2/email/identities/acme.test",
                    .respond(status: 200, json: #"{"IdentityType":"DOMAIN","VerifiedForSendingStatus":true,"VerificationStatus":"SUCCESS"}"#),
                    .respond(status: 404, json: notFound, headers: ["x-amzn-ErrorType": "NotFoundException"]),
                    .respond(status: 403, json: #"{"message":"The security token included in the request is invalid."}"#,
                             headers: ["x-amzn-ErrorType": "UnrecognizedClientException"]))
            fake.on(.get, "v2/email/identities/no-reply%40acme.test",
                    .respond(status: 200, json: #"{"IdentityType":"EMAIL_ADDRESS","VerifiedForSendingStatus":false,"VerificationStatus":"PENDING"}"#))
            let integration = try await Self.ses(herald, fake)
            try await herald.runtime.processor.check(integration)
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("a pending address passed the check")
            } catch let failure as ProviderFailure {
                #expect(failure.reason == .misconfigured && failure.message.contains("not verified"))
            }
            do {
                try await herald.runtime.processor.check(integration)
                Issue.record("a refused key passed the check")
            } catch let failure as ProviderFailure {
                #expect(failure.reason == .badCredentials && failure.providerCode == "UnrecognizedClientException")
            }
            let first = try #require(fake.requests(to: "v2/email/identities/acme.test").first)
            Self.expectSigned(first, region: "eu-west-1", service: "ses")
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func snsPublishesToThePhoneNumberAndReadsTheXMLAnswer() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            let published = """
                <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>\
                <MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>\
                <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata></PublishResponse>
                """
            let invalid = """
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>\
                <Code>InvalidParameter</Code><Message>Invalid parameter: PhoneNumber Reason: +1555 is not valid to publish to</Message>\
                </Error><RequestId>9f5b5b52-1d1c-5d0b-8b1e-0f0e2a0e8c51</RequestId></ErrorResponse>
                """
            fake.on("", .respond(status: 200, json: published), .respond(status: 400, json: invalid))
            _ = try await ProviderAdapterTests.create(herald, "sns", .sms, [
                "apiKey": .string(Self.keyId), "secretKey": .string("sns-secret-1"), "region": .string("us-east-1"),
                "baseUrl": .string(fake.url("")),
            ])
            var request = DeliveryRequest(channel: .sms, to: .init(phone: "+15558675310"), content: .init(content: "Code: 1234"))
            request.content.from = "ACME"
            let sent = await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
            #expect(sent.status == .sent, "\(sent.attempts)")
            #expect(sent.attempts.first?.messageId == "567910cd-659e-55d4-8ccb-5aaf14679dc0")
            let recorded = try #require(fake.requests(to: "").first)
            Self.expectSigned(recorded, region: "us-east-1", service: "sns")
            #expect(recorded.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(String(decoding: recorded.body, as: UTF8.self) == "Action=Publish&Version=2010-03-31&PhoneNumber=%2B15558675310"
                + "&Message=Code%3A+1234&MessageAttributes.entry.1.Name=AWS.SNS.SMS.SenderID"
                + "&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=ACME")
            let refused = await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger)
            #expect(refused.attempts.first?.providerCode == "InvalidParameter" && refused.attempts.first?.reason == "rejected")
            #expect(refused.status == .failed)
        }
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }
}
