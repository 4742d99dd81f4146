import Foundation
import Logging

/// Receives provider webhooks: finds the integration, proves the request came from its provider, parses the events,
/// matches them to deliveries through the (provider, message id) index and records them.
public struct InboundWebhookService: Sendable {
    private let tenancy: any TenancyStore
    private let integrations: any IntegrationStore
    private let events: any ProviderEventStore
    private let parsers: [String: any ProviderWebhookParser]
    private let confirmSubscription: @Sendable (String) async throws -> Void
    private let announce: @Sendable (ProviderEvent, DeliveryReference) async -> Void
    private let failed: @Sendable (_ deliveryId: String, _ environmentId: String) async -> Void
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// Creates the service. `confirmSubscription` fetches an Amazon SNS SubscribeURL (through the outbound guard);
    /// `announce` tells customer webhooks about a recorded, verified event.
    public init(
        tenancy: any TenancyStore, integrations: any IntegrationStore, events: any ProviderEventStore,
        parsers: [any ProviderWebhookParser], logger: Logger,
        confirmSubscription: @escaping @Sendable (String) async throws -> Void = { _ in },
        announce: @escaping @Sendable (ProviderEvent, DeliveryReference) async -> Void = { _, _ in },
        failed: @escaping @Sendable (_ deliveryId: String, _ environmentId: String) async -> Void = { _, _ in },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.tenancy = tenancy
        self.integrations = integrations
        self.events = events
        var byId: [String: any ProviderWebhookParser] = [:]
        for parser in parsers { for id in parser.providerIds { byId[id] = parser } }
        self.parsers = byId
        self.confirmSubscription = confirmSubscription
        self.announce = announce
        self.failed = failed
        self.now = now
        self.logger = logger
    }

    /// The providers whose webhooks Herald understands.
    public var providerIds: Set<String> { Set(parsers.keys) }

    /// What handling a webhook did.
    public struct Outcome: Sendable, Hashable {
        /// Events recorded on deliveries.
        public var recorded = 0
        /// Events for message ids Herald does not know (acknowledged and logged).
        public var unmatched = 0
        /// Events seen before (the provider retried).
        public var duplicates = 0
        /// Whether an SNS subscription was confirmed.
        public var confirmedSubscription = false
        /// Whether the request was signed.
        public var verified = false
    }

    /// Handles one webhook for an integration. Throws 404 for an unknown environment or integration, 400 for a
    /// provider without webhook support, and ``WebhookRejection`` for a bad signature or body.
    public func handle(environmentId: String, integrationId: String, webhook: InboundWebhook) async throws -> Outcome {
        guard let environment = try await tenancy.environment(id: environmentId),
              let integration = try await integrations.find(id: integrationId, organizationId: environment.organizationId),
              integration.environmentId == environment.id
        else { throw HeraldError.notFound("Integration \(integrationId) not found in environment \(environmentId)") }
        guard let parser = parsers[integration.providerId] else {
            throw HeraldError.badRequest("Herald does not read \(integration.providerId) webhooks")
        }
        let verification = try await parser.verify(webhook, keys: WebhookKeys(integration), now: now())
        var outcome = Outcome(verified: verification == .verified)
        switch try parser.parse(webhook) {
        case .subscriptionConfirmation(let url):
            guard verification == .verified else { throw WebhookRejection.missingSignature }
            try await confirmSubscription(url)
            outcome.confirmedSubscription = true
        case .events(let reports):
            for report in reports {
                try await record(report, integration: integration, verified: verification == .verified,
                                 outcome: &outcome)
            }
        }
        return outcome
    }

    private func record(_ report: ProviderEventReport, integration: Integration, verified: Bool,
                        outcome: inout Outcome) async throws {
        let report = Self.sanitized(report)
        var reference: DeliveryReference?
        if let deliveryId = report.deliveryId {
            reference = try await events.delivery(id: deliveryId, environmentId: integration.environmentId)
        }
        if reference == nil, let messageId = report.messageId, !messageId.isEmpty {
            reference = try await events.delivery(
                providerId: integration.providerId, messageId: messageId, environmentId: integration.environmentId)
        }
        // A report only speaks for deliveries its own provider sent (a leaked key of one integration must not fail
        // another provider's deliveries through a delivery id).
        // (A delivery still being sent has no provider recorded yet; its report may race the save.)
        if let found = reference, found.providerId != integration.providerId,
           found.providerId != nil || found.status != .sending { reference = nil }
        guard let reference else {
            outcome.unmatched += 1
            logger.info("Provider event for an unknown message", metadata: [
                "provider": "\(integration.providerId)", "status": "\(report.status.rawValue)",
            ])
            return
        }
        let received = now()
        var redactor = Redactor(integration.credentials)
        if let key = integration.configurations.inboundWebhookSigningKey { redactor = redactor.adding(key) }
        let event = ProviderEvent(
            id: "evt_" + UUID().uuidString.lowercased(), deliveryId: reference.id, integrationId: integration.id,
            providerId: integration.providerId, messageId: report.messageId ?? reference.messageId,
            status: report.status, providerStatus: String(report.providerStatus.prefix(64)),
            occurredAt: Self.plausible(report.occurredAt, received: received), receivedAt: received,
            recipient: report.recipient.map { String($0.prefix(320)) },
            detail: report.detail.map { String(redactor.redact($0).prefix(500)) },
            verified: verified)
        // Unsigned events are kept for the record but never change a delivery or reach customer webhooks: anyone who
        // knows the URL could send them.
        let (recorded, status) = try await events.record(
            // Only verified events claim the provider's event id: an unsigned copy must not block the signed one.
            [event], eventIds: [verified ? report.eventId : nil], effect: verified ? report.status.effect : .none,
            deliveryId: reference.id, now: received)
        if recorded.isEmpty { outcome.duplicates += 1; return }
        outcome.recorded += 1
        guard verified else { return }
        var after = reference
        after.status = status ?? reference.status
        await announce(event, after)
        // This report failed a delivery that had been sent: its fallback (if any) goes out now.
        if after.status == .failed, reference.status != .failed { await failed(reference.id, reference.environmentId) }
    }

    /// A provider's event time, or the time it arrived when the provider's is implausible (more than a year old or
    /// a day ahead: a hostile `timestamp: 1e300` must not be stored).
    static func plausible(_ date: Date?, received: Date) -> Date {
        guard let date, date.timeIntervalSince1970.isFinite,
              date >= received.addingTimeInterval(-366 * 86_400), date <= received.addingTimeInterval(86_400)
        else { return received }
        return date
    }

    /// The report without NUL characters (PostgreSQL text cannot hold them) and with bounded field lengths.
    static func sanitized(_ report: ProviderEventReport) -> ProviderEventReport {
        func clean(_ text: String?, _ limit: Int) -> String? {
            guard let text else { return nil }
            let kept = text.containsNUL ? text.replacingOccurrences(of: "\u{0}", with: "") : text
            return String(kept.prefix(limit))
        }
        var copy = report
        copy.messageId = clean(report.messageId, 512)
        copy.deliveryId = clean(report.deliveryId, 64)
        copy.eventId = clean(report.eventId, 200)
        copy.providerStatus = clean(report.providerStatus, 64) ?? ""
        copy.recipient = clean(report.recipient, 320)
        copy.detail = clean(report.detail, 2000)
        return copy
    }
}
