import Foundation
import HeraldCore

/// Amazon SES event notifications delivered through Amazon SNS: the body (`text/plain`) is SNS's JSON envelope,
/// checked with ``SNSMessageVerifier`` (certificate-signed; `configurations.inboundWebhookSigningKey`, when set, is
/// the expected SNS `TopicArn`). A `SubscriptionConfirmation` asks Herald to visit its `SubscribeURL`; a
/// `Notification`'s `Message` is the SES event as JSON text — event publishing (`eventType`) or identity
/// notifications (`notificationType`). A raw SES event, or an array of them (SNS raw message delivery), is accepted
/// unsigned. Events are matched by the `herald_delivery` tag ``SESAdapter`` sends, else by `mail.messageId` (the
/// bare SESv2 `MessageId` the send answered).
public struct SESWebhook: ProviderWebhookParser {
    public let providerIds = ["ses"]
    private let verifier: SNSMessageVerifier

    /// Creates the parser; `fetchCertificate` returns the PEM bytes at an SNS `SigningCertURL` (already checked to
    /// be https on an SNS host).
    public init(fetchCertificate: @escaping @Sendable (String) async throws -> [UInt8]) {
        verifier = SNSMessageVerifier(fetchCertificate: fetchCertificate)
    }

    /// Creates the parser fetching certificates with a `GET` through the providers' client (outbound guard, bounded
    /// response, no redirects).
    public init(http: ProviderHTTPClient) {
        self.init(fetchCertificate: { url in
            let response = try await http.send(ProviderRequest("GET", url))
            guard !response.truncated else { throw ProviderFailure.misconfigured("the SNS certificate is too large") }
            return response.body
        })
    }

    public func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) async throws -> WebhookVerification {
        let envelope = (try? webhook.json())?.objectValue ?? [:]
        // AWS's signature proves that some SNS topic sent the message, not that it is this account's: anyone can
        // create a topic and subscribe Herald's URL. Only a message from the topic pinned in
        // `inboundWebhookSigningKey` (its ARN) counts as verified; without a pin, events are recorded unverified
        // (they change nothing) and subscriptions are not confirmed; a required signature needs the pin.
        guard keys.signingKey != nil else {
            if keys.required { throw WebhookRejection.noKey }
            _ = try await verifier.verify(envelope, keys: keys, now: now)
            return .unsigned
        }
        return try await verifier.verify(envelope, keys: keys, now: now)
    }

    public func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let body = try webhook.json()
        guard let envelope = body.objectValue, let type = envelope["Type"]?.stringValue else {
            // Raw message delivery: the SES event itself; SNS still names its message in a header.
            let items = body.eventItems
            let eventId = items.count == 1 ? webhook.header("x-amz-sns-message-id") : nil
            return .events(try items.compactMap { try Self.report($0, eventId: eventId) })
        }
        switch type {
        case "SubscriptionConfirmation":
            guard let url = envelope["SubscribeURL"]?.stringValue, SNSMessageVerifier.snsURL(url) != nil else {
                throw WebhookRejection.malformed("SubscribeURL must be an https URL on an Amazon SNS host")
            }
            return .subscriptionConfirmation(url: url)
        case "UnsubscribeConfirmation":
            return .events([])
        case "Notification":
            guard let message = envelope["Message"]?.stringValue,
                  let event = try? JSONValue.parse(Data(message.utf8))
            else { throw WebhookRejection.malformed("the SNS Message is not an SES event (JSON)") }
            let eventId = envelope["MessageId"]?.stringValue
            return .events(try event.eventItems.compactMap { try Self.report($0, eventId: eventId) })
        default:
            throw WebhookRejection.malformed("unknown SNS message Type")
        }
    }

    /// One SES event as a report; nil for event types Herald does not record (Subscription, Received, SNS setup
    /// notices).
    static func report(_ event: JSONValue, eventId: String?) throws -> ProviderEventReport? {
        guard let type = event.text(at: "eventType") ?? event.text(at: "notificationType") else {
            throw WebhookRejection.malformed("an SES event carries eventType or notificationType")
        }
        let bounceType = event.text(at: "bounce.bounceType")
        guard let mapped = Self.status(type, bounceType: bounceType) else { return nil }
        let (status, section) = mapped
        let recipient = event.text(at: "bounce.bouncedRecipients.0.emailAddress")
            ?? event.text(at: "complaint.complainedRecipients.0.emailAddress")
            ?? event.text(at: "deliveryDelay.delayedRecipients.0.emailAddress")
            ?? event.text(at: "delivery.recipients.0") ?? event.text(at: "mail.destination.0")
        let detail: String?
        switch section {
        case "bounce":
            detail = event.text(at: "bounce.bouncedRecipients.0.diagnosticCode")
                ?? event.text(at: "bounce.bounceSubType")
        case "complaint": detail = event.text(at: "complaint.complaintFeedbackType")
        case "reject": detail = event.text(at: "reject.reason")
        case "failure": detail = event.text(at: "failure.errorMessage")
        case "deliveryDelay":
            detail = event.text(at: "deliveryDelay.delayedRecipients.0.diagnosticCode")
                ?? event.text(at: "deliveryDelay.delayType")
        default: detail = nil
        }
        // The event's own time (when it bounced, was opened…) comes first; `mail.timestamp` is when it was sent.
        let occurredAt = ProviderEventReport.date(iso: event.text(at: "\(section).timestamp"))
            ?? ProviderEventReport.date(iso: event.text(at: "mail.timestamp"))
        return ProviderEventReport(
            messageId: event.text(at: "mail.messageId"), deliveryId: event.text(at: "mail.tags.herald_delivery.0"),
            status: status, providerStatus: type, occurredAt: occurredAt, eventId: eventId, recipient: recipient,
            detail: detail)
    }

    /// The status of an SES event type, and the member holding its details. A transient bounce (SES gave up for
    /// now, the address may work later) is `deferred`, not a failure.
    static func status(_ type: String, bounceType: String?) -> (ProviderEventStatus, String)? {
        switch type {
        case "Send": return (.sent, "send")
        case "Delivery": return (.delivered, "delivery")
        case "Bounce": return (bounceType == "Transient" ? .deferred : .bounced, "bounce")
        case "Complaint": return (.complaint, "complaint")
        case "Reject": return (.rejected, "reject")
        case "Open": return (.opened, "open")
        case "Click": return (.clicked, "click")
        case "DeliveryDelay": return (.delayed, "deliveryDelay")
        case "Rendering Failure": return (.failed, "failure")
        default: return nil
        }
    }
}
