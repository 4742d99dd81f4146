import Crypto
import Foundation

/// The delivery use cases: enqueue (validated, idempotent), read, list, retry, and the selection dry run.
public struct DeliveryService: Sendable {
    private let deliveries: any DeliveryStore
    private let integrations: any IntegrationStore
    private let breakers: CircuitBreakers
    private let outbound: any OutboundGuard
    private let now: @Sendable () -> Date
    private let enqueued: @Sendable () -> Void
    private let handoff: DeliveryHandoff?
    /// Subscribers, for resolving `to.subscriberId` into the channel's address.
    private let subscribers: (any SubscriberStore)?
    /// Integrations (without secrets) per environment, valid for the revision they were read at.
    private let candidates = RevisionCache<[Integration]>()

    /// Creates the service; new deliveries go straight to local workers through `handoff` while it has room,
    /// otherwise `enqueued` wakes their poller.
    public init(
        deliveries: any DeliveryStore, integrations: any IntegrationStore, breakers: CircuitBreakers,
        outbound: any OutboundGuard, now: @escaping @Sendable () -> Date = { Date() },
        handoff: DeliveryHandoff? = nil, subscribers: (any SubscriberStore)? = nil,
        enqueued: @escaping @Sendable () -> Void = {}
    ) {
        self.handoff = handoff
        self.subscribers = subscribers
        self.deliveries = deliveries
        self.integrations = integrations
        self.breakers = breakers
        self.outbound = outbound
        self.now = { Date(timeIntervalSince1970: (now().timeIntervalSince1970 * 1000).rounded() / 1000) }
        self.enqueued = enqueued
    }

    /// Validates and enqueues; returns the delivery and whether it is new (false: an idempotent replay).
    public func enqueue(
        _ request: DeliveryRequest, environment: Environment, idempotencyKey: String?, bodyHash: String?
    ) async throws -> (Delivery, created: Bool) {
        var request = request
        if request.needsSubscriberAddress {
            // The address comes from the subscriber, for the integration the delivery would use.
            let chain = try await select(request, environment: environment).chain
            if chain.isEmpty { throw Self.noUsableIntegration(request.channel) }
            request = try await resolveSubscriber(request, environmentId: environment.id, chain: chain)
        }
        try request.validate()
        let chain = try await select(request, environment: environment).chain
        if chain.isEmpty { throw Self.noUsableIntegration(request.channel) }
        if let url = request.to.webhookUrl {
            do {
                try await outbound.check(url)
            } catch let failure as ProviderFailure {
                throw HeraldError.validation(["to.webhookUrl is refused: \(failure.message)"])
            }
        }
        let timestamp = now()
        let delivery = Delivery(
            id: Identifiers.objectId(now: timestamp), environmentId: environment.id,
            organizationId: environment.organizationId, request: request, nextAttemptAt: timestamp,
            idempotencyKey: idempotencyKey, requestHash: bodyHash, createdAt: timestamp, updatedAt: timestamp)
        guard let handoff, let lease = handoff.reserve(now: timestamp) else {
            let result = try await deliveries.enqueue(delivery, lease: nil)
            if result.created { enqueued() }
            return result
        }
        let result: (delivery: Delivery, created: Bool)
        do {
            result = try await deliveries.enqueue(delivery, lease: lease)
        } catch {
            handoff.cancelReservation()
            throw error
        }
        if result.created {
            if !handoff.push(result.delivery, lease: lease) {
                // The worker stopped meanwhile: give the delivery to whoever claims first.
                try? await deliveries.release(ids: [result.delivery.id], owner: lease.owner)
                enqueued()
            }
        } else {
            handoff.cancelReservation()
        }
        return result
    }

    static func noUsableIntegration(_ channel: Channel) -> HeraldError {
        HeraldError.validation([
            "No usable \(channel.rawValue) integration: none is active, matches its conditions and has a closed circuit",
        ])
    }

    /// Chat providers that address a phone number (`to.phone`), filled from the subscriber's phone.
    static let phoneAddressedChat: Set<String> = ["whatsapp-business"]

    /// Fills the channel's address from the subscriber `to.subscriberId` names: email and phone from its profile,
    /// chat and push from the credentials it stored for the first integration of the chain it has some for
    /// (matched by integration, else by provider), and for chat through WhatsApp also its phone. Explicit `to` fields
    /// are never replaced.
    func resolveSubscriber(_ request: DeliveryRequest, environmentId: String, chain: [Integration]) async throws -> DeliveryRequest {
        guard let subscriberId = request.to.subscriberId else { return request }
        guard let subscribers,
            let subscriber = try await subscribers.find(environmentId: environmentId, subscriberId: subscriberId)
        else { throw HeraldError.validation(["to.subscriberId: subscriber \(subscriberId) was not found"]) }
        var resolved = request
        func missing(_ what: String) -> HeraldError {
            HeraldError.validation([
                "to.subscriberId: subscriber \(subscriberId) has no \(what) for the \(request.channel.rawValue) channel",
            ])
        }
        switch request.channel {
        case .email:
            guard let email = subscriber.email, !email.isEmpty else { throw missing("email") }
            resolved.to.email = email
        case .sms:
            guard let phone = subscriber.phone, !phone.isEmpty else { throw missing("phone") }
            resolved.to.phone = phone
        case .chat:
            // Phone-addressed providers (WhatsApp) take the subscriber's phone; the others what it stored for them.
            let byPhone = chain.contains { Self.phoneAddressedChat.contains($0.providerId) }
            let phone = byPhone ? subscriber.phone.flatMap { $0.isEmpty ? nil : $0 } : nil
            let found = chain.lazy.compactMap { subscriber.channel(for: $0)?.credentials }
                .first { !($0.webhookUrl ?? "").isEmpty || !($0.channel ?? "").isEmpty }
            guard found != nil || phone != nil else {
                throw missing(byPhone ? "phone, or webhookUrl or channel stored for a usable integration"
                                      : "webhookUrl or channel stored for a usable integration")
            }
            resolved.to.webhookUrl = found?.webhookUrl.flatMap { $0.isEmpty ? nil : $0 }
            resolved.to.channel = found?.channel.flatMap { $0.isEmpty ? nil : $0 }
            resolved.to.phone = phone
        case .push:
            let tokens = chain.lazy.compactMap { subscriber.channel(for: $0)?.credentials.deviceTokens }
                .first { !$0.isEmpty }
            guard let tokens else { throw missing("deviceTokens stored for a usable integration") }
            resolved.to.deviceTokens = tokens
        case .inApp:
            break
        }
        return resolved
    }

    /// The failover chain and the reasons, without sending.
    public func select(_ request: DeliveryRequest, environment: Environment) async throws -> IntegrationSelector.Decision {
        let candidates = try await candidates(of: environment)
        return try await IntegrationSelector.selectYielding(
            from: candidates, channel: request.channel, override: request.integrationIdentifier,
            variables: request.variables, openCircuits: breakers.openCircuits(now: now()))
    }

    /// The environment's integrations as of (at least) the revision its caller authenticated with: every committed
    /// integration change bumps the revision, so the cached list is never older than what the caller could see.
    private func candidates(of environment: Environment) async throws -> [Integration] {
        if let cached = candidates.value(environment.id, revision: environment.integrationsRevision) { return cached }
        let fresh = try await integrations.list(scope: .environment(environment.id), activeOnly: false, withSecrets: false)
        candidates.store(fresh, for: environment.id, revision: environment.integrationsRevision)
        return fresh
    }

    /// A delivery of the environment, or 404.
    public func get(id: String, environmentId: String) async throws -> Delivery {
        guard let delivery = try await deliveries.find(id: id, environmentId: environmentId) else {
            throw HeraldError.notFound("Delivery with id \(id) not found")
        }
        return delivery
    }

    /// Lists deliveries, newest first.
    public func list(environmentId: String, status: DeliveryStatus?, channel: Channel?, limit: Int, page: Int) async throws -> [Delivery] {
        try await deliveries.list(
            environmentId: environmentId, status: status, channel: channel, limit: limit, offset: limit * page)
    }

    /// The newest deliveries of the environment attempted through one integration.
    public func list(environmentId: String, integrationId: String, limit: Int) async throws -> [Delivery] {
        try await deliveries.list(environmentId: environmentId, integrationId: integrationId, limit: limit)
    }

    /// Deliveries of the environment created at or after `since`, counted per minute and status.
    public func countsPerMinute(environmentId: String, since: Date) async throws -> [DeliveryMinuteCount] {
        try await deliveries.countsPerMinute(environmentId: environmentId, since: since)
    }

    /// Queues a failed delivery again; other states are a 409.
    public func retry(id: String, environmentId: String) async throws -> Delivery {
        let current = try await get(id: id, environmentId: environmentId)
        guard current.status == .failed else {
            throw HeraldError.conflict("Only failed deliveries can be retried; this one is \(current.status.rawValue)")
        }
        guard let requeued = try await deliveries.requeue(id: id, environmentId: environmentId, now: now()) else {
            throw HeraldError.notFound("Delivery with id \(id) not found")
        }
        enqueued()
        return requeued
    }

    /// The hex SHA-256 of a request body, for idempotency.
    public static func hash(_ body: JSONValue) -> String {
        Hex.encode(SHA256.hash(data: body.encoded()))
    }
}
