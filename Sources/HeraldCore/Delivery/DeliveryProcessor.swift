import Foundation
import Logging

/// Runs one claimed delivery through its failover chain once (one round) and returns its new state.
public struct DeliveryProcessor: Sendable {
    private let integrations: any IntegrationStore
    /// The adapters' sessions, per integration revision.
    public let sessions: SessionCache
    /// How long one provider attempt may take before it is cut off (a timeout; the next integration is tried).
    private let attemptDeadline: Duration
    private let breakers: CircuitBreakers
    private let policy: RetryPolicy
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double
    private let metrics: any DeliveryMetrics
    private let limiter: IntegrationLimiter
    /// Subscribers, for removing the device tokens a provider reports invalid (none: nothing is removed).
    private let subscribers: (any SubscriberStore)?
    /// Decrypted integrations per environment, valid for the revision they were read at.
    private let cache = RevisionCache<[Integration]>()

    /// Creates a processor; `now` and `random` are injectable for tests.
    public init(
        integrations: any IntegrationStore, providers: [any ProviderAdapter], breakers: CircuitBreakers,
        policy: RetryPolicy = .init(), now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        metrics: any DeliveryMetrics = NoDeliveryMetrics(), limiter: IntegrationLimiter = .init(),
        attemptDeadline: Duration = .seconds(30), subscribers: (any SubscriberStore)? = nil
    ) {
        self.subscribers = subscribers
        self.metrics = metrics
        self.limiter = limiter
        self.integrations = integrations
        self.sessions = SessionCache(adapters: providers)
        self.attemptDeadline = attemptDeadline
        self.breakers = breakers
        self.policy = policy
        self.now = now
        self.random = random
    }

    /// Runs the provider's check for an integration (`check: true`) on a session of its own; a provider without an
    /// adapter or without a check fails with a message that says so.
    public func check(_ integration: Integration) async throws {
        guard let session = try await sessions.temporarySession(for: integration) else {
            throw ProviderFailure.misconfigured("Herald cannot send through \(integration.providerId) yet, so it cannot check it")
        }
        let result: CheckResult
        do {
            result = try await session.check()
        } catch {
            await session.shutdown()
            throw error
        }
        await session.shutdown()
        if result == .notSupported {
            throw ProviderFailure.misconfigured(
                "\(integration.providerId) offers no check Herald can run; save without check: true")
        }
    }

    /// The catalogue ids that have an adapter.
    public var supportedProviderIds: Set<String> { sessions.supportedProviderIds }

    /// Runs one round; the result is `sent`, `retrying` (with `nextAttemptAt`) or `failed`.
    public func process(_ delivery: Delivery, logger: Logger) async -> Delivery {
        await process([delivery], logger: logger)[0]
    }

    /// Runs one round of each delivery concurrently and hands each result to `finished` as soon as its round
    /// ends (a slow provider does not hold the others). The integrations of each environment are looked up once.
    public func process(
        _ deliveries: [Delivery], logger: Logger, finished: @escaping @Sendable (Delivery) async -> Void
    ) async {
        var chains: [String: Result<[Integration], any Error>] = [:]
        for environmentId in Set(deliveries.map(\.environmentId)) {
            do {
                chains[environmentId] = .success(try await candidates(environmentId: environmentId))
            } catch {
                chains[environmentId] = .failure(error)
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for delivery in deliveries {
                let candidates = chains[delivery.environmentId]!
                group.addTask { await finished(await self.finish(delivery, candidates: candidates, logger: logger)) }
            }
        }
    }

    /// Runs one round of each delivery concurrently (results in the same order). The integrations of each
    /// environment are looked up once for the batch: every delivery in it was enqueued before this call, so that
    /// read is as fresh as one per delivery.
    public func process(_ deliveries: [Delivery], logger: Logger) async -> [Delivery] {
        var chains: [String: Result<[Integration], any Error>] = [:]
        for environmentId in Set(deliveries.map(\.environmentId)) {
            do {
                chains[environmentId] = .success(try await candidates(environmentId: environmentId))
            } catch {
                chains[environmentId] = .failure(error)
            }
        }
        if deliveries.count == 1 {
            return [await finish(deliveries[0], candidates: chains[deliveries[0].environmentId]!, logger: logger)]
        }
        return await withTaskGroup(of: (Int, Delivery).self) { group in
            for (index, delivery) in deliveries.enumerated() {
                let candidates = chains[delivery.environmentId]!
                group.addTask { (index, await self.finish(delivery, candidates: candidates, logger: logger)) }
            }
            var results = deliveries
            for await (index, result) in group { results[index] = result }
            return results
        }
    }

    private func finish(
        _ delivery: Delivery, candidates: Result<[Integration], any Error>, logger: Logger
    ) async -> Delivery {
        let result = await runRound(delivery, candidates: candidates, logger: logger)
        let provider = result.attempts.last(where: { $0.round == delivery.round && !$0.providerId.isEmpty })?.providerId ?? "none"
        metrics.delivery(channel: result.request.channel, providerId: provider, status: result.status)
        return result
    }

    private func runRound(
        _ delivery: Delivery, candidates: Result<[Integration], any Error>, logger: Logger
    ) async -> Delivery {
        var delivery = delivery
        let round = delivery.round
        let chain: [Integration]
        do {
            let all = try candidates.get()
            chain = try await IntegrationSelector.selectYielding(
                from: all, channel: delivery.request.channel, override: delivery.request.integrationIdentifier,
                variables: delivery.request.variables, openCircuits: breakers.openCircuits(now: now())
            ).chain.filter { !delivery.droppedIntegrationIds.contains($0.id) }
        } catch {
            return finishRound(delivery, retryAfter: nil, exhausted: false, note: "selection failed: \(error)")
        }
        var retryAfter: Double?
        var anyRetryable = false
        var busy = 0
        for integration in chain {
            guard limiter.tryAcquire(integration, now: now()) else {
                busy += 1
                continue
            }
            defer { limiter.release(integration) }
            let started = now()
            let clock = ContinuousClock.now
            func record(
                _ outcome: DeliveryAttempt.Outcome, messageId: String? = nil, error: String? = nil,
                failure: ProviderFailure? = nil, recipients: [ProviderReceipt.Recipient] = []
            ) {
                let redactor = Redactor(integration.credentials)
                var attempt = DeliveryAttempt(
                    round: round, integrationId: integration.id, identifier: integration.identifier,
                    providerId: integration.providerId, startedAt: started, endedAt: now(), outcome: outcome,
                    messageId: messageId, error: error.map(redactor.record), failure: failure)
                if !recipients.isEmpty {
                    attempt.failedRecipients = recipients.map { recipient in
                        DeliveryAttempt.FailedRecipient(
                            address: recipient.address, reason: recipient.failure?.reason.rawValue ?? "unknown",
                            error: redactor.record(recipient.failure?.message ?? ""))
                    }
                }
                delivery.attempts.append(attempt)
                let elapsed = ContinuousClock.now - clock
                metrics.attempt(
                    channel: delivery.request.channel, providerId: integration.providerId, outcome: outcome,
                    reason: failure?.reason,
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            do {
                let message = try ChannelMessage(delivery.request)
                let session = try await sessions.session(for: integration)
                let context = SendContext(
                    deliveryId: delivery.id, overrides: delivery.request.overrides?[integration.providerId]?.objectValue ?? [:],
                    transactionId: delivery.request.transactionId, deadline: .now + attemptDeadline, logger: logger)
                let receipt = try await Self.withDeadline(attemptDeadline) {
                    try await session.send(message, context: context)
                }
                record(.sent, messageId: receipt.messageId, recipients: receipt.failedRecipients)
                await removeDeadTokens(&delivery, integration: integration, logger: logger)
                breakers.recordSuccess(integration, now: now())
                delivery.status = .sent
                delivery.updatedAt = now()
                logger.info("Delivered", metadata: [
                    "delivery.id": "\(delivery.id)", "integration.id": "\(integration.id)",
                    "provider": "\(integration.providerId)", "delivery.round": "\(round)",
                ])
                return delivery
            } catch let failure as ProviderFailure {
                record(failure.retryable ? .retryable : .permanent, error: failure.message, failure: failure,
                       recipients: failure.recipients.filter { $0.failure != nil })
                await removeDeadTokens(&delivery, integration: integration, logger: logger)
                if failure.reason == .rateLimited {
                    // Passed over until the provider's wait is over; not a sign the provider is down.
                    breakers.recordRateLimit(integration.id, seconds: failure.retryAfter ?? 1, now: now())
                } else {
                    breakers.recordFailure(integration, retryable: failure.retryable, now: now())
                }
                if failure.retryable {
                    anyRetryable = true
                    retryAfter = max(retryAfter ?? 0, failure.retryAfter ?? 0)
                } else {
                    delivery.droppedIntegrationIds.append(integration.id)
                }
                logger.warning("Attempt failed", metadata: [
                    "delivery.id": "\(delivery.id)", "integration.id": "\(integration.id)",
                    "provider": "\(integration.providerId)", "retryable": "\(failure.retryable)",
                    "reason": "\(failure.reason.rawValue)",
                ])
            } catch let error as HeraldError {
                // The stored request cannot make a message for this channel (validated at enqueue; kept for safety).
                record(.permanent, error: error.description, failure: .permanent("invalid request"))
                delivery.droppedIntegrationIds.append(integration.id)
            } catch {
                record(.retryable, error: "unexpected error: \(type(of: error))", failure: .retryable("unexpected error"))
                breakers.recordFailure(integration, retryable: true, now: now())
                anyRetryable = true
            }
        }
        if busy > 0, busy == chain.count {
            // Every integration was at its limit: try again shortly without spending a round.
            delivery.status = .retrying
            delivery.nextAttemptAt = now().addingTimeInterval(0.2)
            delivery.updatedAt = now()
            return delivery
        }
        let note = chain.isEmpty ? "no usable integration for the channel" : nil
        return finishRound(delivery, retryAfter: retryAfter, exhausted: !chain.isEmpty && !anyRetryable, note: note)
    }

    /// Removes the device tokens the last attempt lists as invalid (`invalid_device_token`) from the subscriber a
    /// push delivery is addressed to (`to.subscriberId`), in the credentials stored for the attempt's integration,
    /// and marks those removed on the attempt. Deliveries without a subscriber touch nothing. A failed removal is
    /// logged; the tokens stay and are reported again by the next delivery to them.
    private func removeDeadTokens(_ delivery: inout Delivery, integration: Integration, logger: Logger) async {
        guard let subscribers, delivery.request.channel == .push,
            let subscriberId = delivery.request.to.subscriberId, !DeliveryRequest.isBlank(subscriberId),
            let index = delivery.attempts.indices.last, let failed = delivery.attempts[index].failedRecipients
        else { return }
        let invalid = ProviderFailure.Reason.invalidDeviceToken.rawValue
        let dead = Set(failed.filter { $0.reason == invalid }.map(\.address))
        guard !dead.isEmpty else { return }
        do {
            let removed = Set(try await subscribers.removeDeviceTokens(
                environmentId: delivery.environmentId, subscriberId: subscriberId, providerId: integration.providerId,
                integrationId: integration.id, integrationIdentifier: integration.identifier, tokens: dead))
            guard !removed.isEmpty else { return }
            for position in failed.indices where failed[position].reason == invalid && removed.contains(failed[position].address) {
                delivery.attempts[index].failedRecipients?[position].removedFromSubscriber = true
            }
            logger.info("Removed device tokens the provider reported invalid from the subscriber", metadata: [
                "delivery.id": "\(delivery.id)", "integration.id": "\(integration.id)", "tokens.removed": "\(removed.count)",
            ])
        } catch {
            logger.warning("Removing invalid device tokens from the subscriber failed", metadata: [
                "delivery.id": "\(delivery.id)", "error.type": "\(type(of: error))",
            ])
        }
    }

    /// Runs `body`, cut off with a timeout failure after `limit` (a hanging adapter cannot hold the delivery).
    static func withDeadline<T: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw ProviderFailure(.timeout, "the provider did not answer within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// The environment's integrations with credentials: one revision read per delivery, a full (decrypting) read
    /// only after a change.
    private func candidates(environmentId: String) async throws -> [Integration] {
        let revision = try await integrations.revision(environmentId: environmentId)
        if let cached = cache.value(environmentId, revision: revision) { return cached }
        let fresh = try await integrations.list(scope: .environment(environmentId), activeOnly: false, withSecrets: true)
        cache.store(fresh, for: environmentId, revision: revision)
        return fresh
    }

    /// After a round without success: wait and retry, or fail when rounds are exhausted or nothing is left.
    private func finishRound(_ delivery: Delivery, retryAfter: Double?, exhausted: Bool, note: String?) -> Delivery {
        var delivery = delivery
        let timestamp = now()
        if let note {
            delivery.attempts.append(DeliveryAttempt(
                round: delivery.round, integrationId: "", identifier: "", providerId: "", startedAt: timestamp,
                endedAt: timestamp, outcome: .retryable, error: note))
        }
        delivery.round += 1
        delivery.updatedAt = timestamp
        if exhausted || delivery.round >= policy.maxRounds {
            delivery.status = .failed
        } else {
            delivery.status = .retrying
            let wait = policy.delay(afterRound: delivery.round - 1, random: random(), retryAfter: retryAfter)
            delivery.nextAttemptAt = timestamp.addingTimeInterval(wait)
        }
        return delivery
    }
}
