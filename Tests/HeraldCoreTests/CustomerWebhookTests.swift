import Foundation
import HeraldCore
import Testing

/// Standard Webhooks signing, secrets, the retry schedule and webhook endpoint bodies.
@Suite struct CustomerWebhookTests {
    /// Computed independently with Python's `standardwebhooks` 1.1.0:
    /// `Webhook(secret).sign("msg_0123456789abcdef", datetime.fromtimestamp(1700000000, timezone.utc), body)`.
    @Test func signatureMatchesTheStandardWebhooksLibrary() {
        let secret = WebhookSecret("whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY")
        let body = #"{"type":"delivery.sent","timestamp":"2024-01-01T00:00:00.000Z","data":{"deliveryId":"abc"}}"#
        let signature = StandardWebhookSignature.sign(
            secret: secret, messageId: "msg_0123456789abcdef", timestamp: 1_700_000_000, body: Array(body.utf8))
        #expect(signature == "v1,VsK5uYlgNVxqujXpjRgzHcSeNIpQdi4MbiYb7o0Peos=")
        let headers = StandardWebhookSignature.headers(
            secret: secret, messageId: "msg_0123456789abcdef", timestamp: 1_700_000_000, body: Array(body.utf8))
        #expect(headers.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[1].1 == "1700000000")
        #expect(headers[2].1 == signature)
        // Another body, id or time gives another signature.
        #expect(StandardWebhookSignature.sign(secret: secret, messageId: "msg_0123456789abcdef", timestamp: 1_700_000_001,
                                      body: Array(body.utf8)) != signature)
    }

    @Test func secretsAreFreshRandomKeysThatNeverPrint() {
        let secret = WebhookSecret.generate()
        #expect(secret.value.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(secret.value.dropFirst(6)))?.count == 24)
        #expect(secret.key.count == 24)
        #expect(WebhookSecret.generate() != secret)
        #expect("\(secret)" == "[redacted]" && String(reflecting: secret) == "[redacted]")
    }

    @Test func retryScheduleBacksOffThenGivesUp() {
        let schedule = WebhookRetrySchedule.standard
        #expect(schedule.maxAttempts == 8)
        #expect(schedule.delay(afterAttempt: 1) == 5)
        #expect(schedule.delay(afterAttempt: 2) == 30)
        #expect(schedule.delay(afterAttempt: 7) == 7_200)
        #expect(schedule.delay(afterAttempt: 8) == nil)
    }

    @Test func endpointBodiesAreValidatedNamingEachField() throws {
        let input = try WebhookEndpointRequest.create([
            "url": .string("https://hooks.example.com/herald"), "eventTypes": .array([.string("delivery.sent"), .string("delivery.sent")]),
            "enabled": .bool(false), "description": .string("ops"),
        ])
        #expect(input.eventTypes == [.deliverySent])
        #expect(input.enabled == false)
        #expect(input.description == .some("ops"))
        let problems: [String]
        do {
            _ = try WebhookEndpointRequest.create([
                "url": .string("ftp://example.com"), "eventTypes": .array([.string("delivery.exploded")]),
                "enabled": .string("yes"), "secret": .string("mine"),
            ])
            problems = []
        } catch let error as HeraldError {
            problems = error.messages
        }
        #expect(problems.contains { $0.hasPrefix("url must be") })
        #expect(problems.contains { $0.hasPrefix("eventTypes must only contain") })
        #expect(problems.contains("enabled must be a boolean"))
        #expect(problems.contains("property secret should not exist"))
        #expect(throws: HeraldError.self) { try WebhookEndpointRequest.create([:]) }
        #expect(try WebhookEndpointRequest.update([:]) == WebhookEndpointInput())
        #expect(try WebhookEndpointRequest.update(["description": .null]).description == .some(nil))
    }

    @Test func deliveryEventsCarryTheOutcome() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        var delivery = Delivery(
            id: "d1", environmentId: "e1", organizationId: "o1",
            request: DeliveryRequest(channel: .chat, to: .init(webhookUrl: "https://x.example"), content: .init(content: "hi"),
                                     transactionId: "t-1"),
            nextAttemptAt: now, createdAt: now, updatedAt: now)
        delivery.status = .failed
        delivery.attempts = [DeliveryAttempt(
            round: 0, integrationId: "i1", identifier: "chat", providerId: "chat-webhook", startedAt: now, endedAt: now,
            outcome: .permanent, error: "HTTP 404", failure: ProviderFailure(.invalidRecipient, "HTTP 404"))]
        let event = CustomerEvent.delivery(.deliveryFailed, delivery, id: CustomerEvent.stableId("d1", "x"), occurredAt: now)
        #expect(event.id == CustomerEvent.stableId("d1", "x") && event.id.hasPrefix("msg_") && event.id.count == 28)
        #expect(event.environmentId == "e1")
        let data = try #require(event.data.objectValue)
        #expect(data["deliveryId"] == .string("d1") && data["channel"] == .string("chat") && data["status"] == .string("failed"))
        #expect(data["integrationId"] == .string("i1") && data["providerId"] == .string("chat-webhook"))
        #expect(data["transactionId"] == .string("t-1"))
        #expect(data["reason"] == .string("invalid_recipient") && data["error"] == .string("HTTP 404"))
        #expect(event.body.value(atPath: "type") == .string("delivery.failed"))
        #expect(event.body.value(atPath: "timestamp") == .string("2023-11-14T22:13:20.000Z"))
    }

    @Test func circuitsAnnounceOpeningAndClosingOnce() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: CustomerEvent.self)
        let breakers = CircuitBreakers(threshold: 2, coolDown: 30, events: StreamPublisher(continuation: continuation))
        let now = Date()
        let integration = Integration(
            id: "i1", environmentId: "e1", organizationId: "o1", name: "SendGrid", identifier: "sendgrid-main",
            providerId: "sendgrid", channel: .email, createdAt: now, updatedAt: now)
        breakers.recordFailure(integration, retryable: true, now: now)
        breakers.recordFailure(integration, retryable: false, now: now)  // permanent failures do not count
        breakers.recordFailure(integration, retryable: true, now: now)  // opens
        breakers.recordFailure(integration, retryable: true, now: now)  // already open: no second announcement
        breakers.recordSuccess(integration, now: now)  // closes
        breakers.recordSuccess(integration, now: now)  // already closed
        breakers.recordFailure("i1", retryable: true, now: now)  // the id-only calls announce nothing
        breakers.recordFailure("i1", retryable: true, now: now)
        var iterator = stream.makeAsyncIterator()
        let first = try #require(await iterator.next())
        let second = try #require(await iterator.next())
        // The announcements are written from tasks: they may arrive in either order.
        let byType = Dictionary(uniqueKeysWithValues: [first, second].map { ($0.type, $0) })
        #expect(Set(byType.keys) == [.circuitOpened, .circuitClosed])
        let opened = try #require(byType[.circuitOpened])
        #expect(opened.environmentId == "e1")
        #expect(opened.data.value(atPath: "integrationId") == .string("i1"))
        #expect(opened.data.value(atPath: "providerId") == .string("sendgrid"))
        #expect(opened.data.value(atPath: "openUntil") != nil)
        #expect(breakers.health("i1").state == "open")
        continuation.finish()
        #expect(await iterator.next() == nil, "nothing else was announced")
    }
}

/// Hands published events to a stream.
struct StreamPublisher: CustomerEventPublisher {
    let continuation: AsyncStream<CustomerEvent>.Continuation
    func publish(_ event: CustomerEvent) async { continuation.yield(event) }
    func record(_ event: CustomerEvent) async throws { continuation.yield(event) }
    func mayRecord(environmentId: String, type: CustomerEventType) async -> Bool { true }
}
