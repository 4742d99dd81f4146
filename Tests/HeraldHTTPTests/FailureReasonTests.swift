import Foundation
import HeraldCore
import HeraldProviders
import HeraldTestSupport
import Testing

/// Failures carry a reason (with the provider's status kept); a rate-limited integration is passed over until its
/// Retry-After without counting towards its circuit.
@Suite(.timeLimit(.minutes(2))) struct FailureReasonTests {
    @Test func reasonsDecideRetrying() {
        #expect(ProviderFailure.http(status: 429, retryAfter: 5, detail: "slow down").reason == .rateLimited)
        #expect(ProviderFailure.http(status: 503, retryAfter: nil, detail: "").reason == .providerUnavailable)
        #expect(ProviderFailure.http(status: 408, retryAfter: nil, detail: "").reason == .timeout)
        #expect(ProviderFailure.http(status: 401, retryAfter: nil, detail: "").reason == .badCredentials)
        #expect(ProviderFailure.http(status: 400, retryAfter: nil, detail: "").reason == .rejected)
        for reason in ProviderFailure.Reason.allCases {
            let expected = [.timeout, .connection, .rateLimited, .providerUnavailable, .unknown].contains(reason)
            #expect(reason.retryable == expected, "\(reason)")
        }
        #expect(ProviderFailure.http(status: 401, retryAfter: nil, detail: "x").message == "HTTP 401 (bad credentials): x")
    }

    @Test func aRateLimitedIntegrationIsPassedOverWithoutOpeningItsCircuit() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on("limited", .respond(status: 429, json: #"{"error":"too many"}"#, headers: ["Retry-After": "120"]))
            fake.on("good", .respond(status: 200, json: "{}"))
            let limited = try await SecurityTests.webhook(herald, url: fake.url("limited"))
            let good = try await SecurityTests.webhook(herald, url: fake.url("good"), secret: "whsec-good")
            let breakers = CircuitBreakers(threshold: 1)
            let clock = Locked(Date())
            let (processor, client) = DeliveryTests.processor(herald, breakers: breakers, now: { clock.withLock { $0 } })
            let first = await processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
            #expect(first.status == .sent)
            let attempt = try #require(first.attempts.first)
            #expect(attempt.integrationId == limited.id)
            #expect(attempt.reason == "rate_limited" && attempt.httpStatus == 429)
            let health = breakers.health(limited.id, now: clock.withLock { $0 })
            #expect(health.state == "rate-limited" && health.consecutiveFailures == 0, "a rate limit does not open the circuit")
            let second = await processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
            #expect(second.attempts.map(\.integrationId) == [good.id], "passed over until its Retry-After")
            clock.withLock { $0 += 121 }
            let third = await processor.process(DeliveryTests.delivery(herald), logger: herald.logger)
            #expect(third.attempts.first?.integrationId == limited.id, "tried again after the wait")
            #expect(fake.requests(to: "limited").count == 2)
            try await client.shutdown()
        }
        await fake.stop()
    }
}
