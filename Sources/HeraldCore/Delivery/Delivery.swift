import Foundation

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case queued, sending, retrying, sent, delivered, failed
}

/// What `POST /v1/deliveries` asks for.
public struct DeliveryRequest: Sendable, Hashable, Codable {
    /// Recipient addresses; which ones a channel needs is checked by ``validate()``.
    public struct Recipient: Sendable, Hashable, Codable {
        public var email: String?
        public var phone: String?
        public var deviceTokens: [String]?
        public var webhookUrl: String?
        public var subscriberId: String?
        /// Every address when `to.email` was a list (`email` is then the first).
        public var emails: [String]?
        public var cc: [String]?
        public var bcc: [String]?
        /// A chat channel name or id (bot-token providers).
        public var channel: String?
        public init(email: String? = nil, phone: String? = nil, deviceTokens: [String]? = nil,
                    webhookUrl: String? = nil, subscriberId: String? = nil) {
            self.email = email
            self.phone = phone
            self.deviceTokens = deviceTokens
            self.webhookUrl = webhookUrl
            self.subscriberId = subscriberId
        }
    }

    /// The message, per channel.
    public struct Content: Sendable, Hashable, Codable {
        public var subject: String?
        public var html: String?
        public var text: String?
        public var content: String?
        public var title: String?
        public var body: String?
        public var data: JSONValue?
        /// Overrides the integration's sender (email address or SMS sender id).
        public var from: String?
        public var senderName: String?
        public var replyTo: String?
        public var attachments: [Attachment]?
        public var headers: [String: String]?
        public var tags: [String]?
        /// Chat blocks (Slack), passed through.
        public var blocks: JSONValue?
        /// Push presentation and delivery options.
        public var push: PushOptions?

        /// Push options, each optional.
        public struct PushOptions: Sendable, Hashable, Codable {
            public var sound: String?
            public var badge: Int?
            public var imageUrl: String?
            public var clickAction: String?
            public var threadId: String?
            public var category: String?
            /// `high` or `normal`.
            public var priority: String?
            /// Seconds the push service may keep the message.
            public var ttl: Int?
            public var collapseKey: String?

            /// No options.
            public init() {}

            /// Whether none is set.
            public var isEmpty: Bool { self == PushOptions() }
        }

        /// An email attachment as sent: base64 content.
        public struct Attachment: Sendable, Hashable, Codable {
            public var filename: String
            public var contentType: String?
            public var content: String
            public var cid: String?

            /// Creates an attachment.
            public init(filename: String, contentType: String? = nil, content: String, cid: String? = nil) {
                self.filename = filename
                self.contentType = contentType
                self.content = content
                self.cid = cid
            }
        }

        public init(subject: String? = nil, html: String? = nil, text: String? = nil, content: String? = nil,
                    title: String? = nil, body: String? = nil, data: JSONValue? = nil) {
            self.subject = subject
            self.html = html
            self.text = text
            self.content = content
            self.title = title
            self.body = body
            self.data = data
        }
    }

    public var channel: Channel
    public var to: Recipient
    public var content: Content
    public var integrationIdentifier: String?
    public var tenant: JSONValue?
    public var subscriber: JSONValue?
    public var payload: JSONValue?
    public var overrides: [String: JSONValue]?
    public var transactionId: String?
    /// What to send next, in order, when this delivery fails for good or its provider reports it bounced or
    /// undelivered (`push → sms → email`).
    public var fallback: [FallbackStep]?
    /// The delivery this one is the fallback of (set by Herald, never accepted from a request).
    public var fallbackOf: String?

    /// One step of a fallback chain: another channel, its address (the original's `to` when absent, so a
    /// `subscriberId` carries over) and its content.
    public struct FallbackStep: Sendable, Hashable, Codable {
        public var channel: Channel
        public var to: Recipient?
        public var content: Content

        /// Creates a step.
        public init(channel: Channel, to: Recipient? = nil, content: Content) {
            self.channel = channel
            self.to = to
            self.content = content
        }
    }

    /// The request for the first fallback step of a failed delivery: the step's channel, address and content, the
    /// original's variables, overrides and transaction id, and the remaining steps.
    public func fallbackRequest(parentId: String) -> DeliveryRequest? {
        guard let steps = fallback, let step = steps.first else { return nil }
        var next = DeliveryRequest(
            channel: step.channel, to: step.to ?? to, content: step.content, tenant: tenant, subscriber: subscriber,
            payload: payload, overrides: overrides, transactionId: transactionId)
        next.fallback = steps.count > 1 ? Array(steps.dropFirst()) : nil
        next.fallbackOf = parentId
        return next
    }

    /// Creates a request.
    public init(channel: Channel, to: Recipient, content: Content, integrationIdentifier: String? = nil,
                tenant: JSONValue? = nil, subscriber: JSONValue? = nil, payload: JSONValue? = nil,
                overrides: [String: JSONValue]? = nil, transactionId: String? = nil) {
        self.channel = channel
        self.to = to
        self.content = content
        self.integrationIdentifier = integrationIdentifier
        self.tenant = tenant
        self.subscriber = subscriber
        self.payload = payload
        self.overrides = overrides
        self.transactionId = transactionId
    }

    /// The variables conditions read.
    public var variables: ConditionVariables {
        ConditionVariables(tenant: tenant, subscriber: subscriber, payload: payload)
    }

    /// True when `text` holds only spaces and tabs (Unicode space separators included), like trimming
    /// `CharacterSet.whitespaces` would leave it empty, without Foundation's character-set machinery.
    static func isBlank(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" { continue }
            if scalar.isASCII || scalar.properties.generalCategory != .spaceSeparator { return false }
        }
        return true
    }

    /// Whether `to.subscriberId` is given and the channel's own address is not (so the subscriber supplies it);
    /// in-app deliveries address the subscriber id itself.
    public var needsSubscriberAddress: Bool {
        guard let subscriberId = to.subscriberId, !Self.isBlank(subscriberId) else { return false }
        func blank(_ value: String?) -> Bool { Self.isBlank(value ?? "") }
        switch channel {
        case .email: return blank(to.email)
        case .sms: return blank(to.phone)
        case .chat: return blank(to.webhookUrl) && blank(to.channel) && blank(to.phone)
        case .push: return (to.deviceTokens ?? []).allSatisfy(\.isEmpty)
        case .inApp: return false
        }
    }

    /// `+` and 2 to 15 digits, the first not 0 (ITU-T E.164).
    public static func isE164(_ phone: String) -> Bool {
        let digits = phone.utf8.dropFirst()
        return phone.utf8.first == UInt8(ascii: "+") && (2...15).contains(digits.count)
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } && digits.first != UInt8(ascii: "0")
    }

    /// Throws a 422 naming each missing recipient or content field for the channel.
    public func validate() throws {
        var problems: [String] = []
        func need(_ value: String?, _ name: String) {
            if Self.isBlank(value ?? "") { problems.append("\(name) is required for the \(channel.rawValue) channel") }
        }
        switch channel {
        case .email:
            need(to.email, "to.email")
            need(content.subject, "content.subject")
            if (content.html ?? content.text ?? "").isEmpty { problems.append("content.html or content.text is required for the email channel") }
        case .sms:
            need(to.phone, "to.phone")
            if let phone = to.phone, !Self.isBlank(phone), !Self.isE164(phone) {
                problems.append("to.phone must be an E.164 number such as +15558675310")
            }
            need(content.content ?? content.text, "content.content")
        case .chat:
            // A webhook URL (Discord, Teams, Slack webhooks…), a channel (bot-token APIs) or a phone (WhatsApp).
            if [to.webhookUrl, to.channel, to.phone].allSatisfy({ Self.isBlank($0 ?? "") }) {
                problems.append("to.webhookUrl, to.channel or to.phone is required for the chat channel")
            }
            need(content.content ?? content.text, "content.content")
        case .push:
            if (to.deviceTokens ?? []).filter({ !$0.isEmpty }).isEmpty { problems.append("to.deviceTokens is required for the push channel") }
            need(content.title, "content.title")
            need(content.body ?? content.content, "content.body")
        case .inApp:
            need(to.subscriberId, "to.subscriberId")
            need(content.content ?? content.body, "content.content")
        }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
    }
}

/// One try of one integration.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    /// How the try ended.
    public enum Outcome: String, Sendable, Codable {
        case sent, retryable, permanent
    }

    public var round: Int
    public var integrationId: String
    public var identifier: String
    public var providerId: String
    public var startedAt: Date
    public var endedAt: Date
    public var outcome: Outcome
    public var messageId: String?
    public var error: String?
    /// Why it failed (a ``ProviderFailure/Reason`` raw value).
    public var reason: String?
    /// The provider's own error code.
    public var providerCode: String?
    /// The provider's HTTP status.
    public var httpStatus: Int?
    /// Recipients (addresses or device tokens) the provider reported failed: on a sent attempt while the others
    /// were sent; on a failed push attempt, every device token with its own failure.
    public var failedRecipients: [FailedRecipient]?

    /// One recipient that failed within an attempt.
    public struct FailedRecipient: Sendable, Hashable, Codable {
        public var address: String
        public var reason: String
        public var error: String
        /// Whether this device token was removed from the subscriber the delivery is addressed to (the provider
        /// reported it invalid or no longer registered).
        public var removedFromSubscriber: Bool

        /// Creates a record.
        public init(address: String, reason: String, error: String, removedFromSubscriber: Bool = false) {
            self.address = address
            self.reason = reason
            self.error = error
            self.removedFromSubscriber = removedFromSubscriber
        }

        enum CodingKeys: String, CodingKey {
            case address, reason, error, removedFromSubscriber
        }

        /// Decodes a record; ones saved before `removedFromSubscriber` existed read as false.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            address = try container.decode(String.self, forKey: .address)
            reason = try container.decode(String.self, forKey: .reason)
            error = try container.decode(String.self, forKey: .error)
            removedFromSubscriber = try container.decodeIfPresent(Bool.self, forKey: .removedFromSubscriber) ?? false
        }
    }

    /// Creates an attempt record.
    public init(round: Int, integrationId: String, identifier: String, providerId: String, startedAt: Date,
                endedAt: Date, outcome: Outcome, messageId: String? = nil, error: String? = nil,
                failure: ProviderFailure? = nil) {
        self.reason = failure?.reason.rawValue
        self.providerCode = failure?.providerCode.flatMap(Self.code)
        self.httpStatus = failure?.httpStatus
        self.round = round
        self.integrationId = integrationId
        self.identifier = identifier
        self.providerId = providerId
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.messageId = messageId
        self.error = error
    }
}

/// A notification to deliver, its state and every attempt so far.
public struct Delivery: Sendable, Hashable {
    public var id: String
    public var environmentId: String
    public var organizationId: String
    public var request: DeliveryRequest
    public var status: DeliveryStatus
    /// Rounds over the chain started so far.
    public var round: Int
    /// When the next round may start.
    public var nextAttemptAt: Date
    public var attempts: [DeliveryAttempt]
    /// Integrations that failed permanently for this delivery; they are not tried again.
    public var droppedIntegrationIds: [String]
    public var idempotencyKey: String?
    public var requestHash: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// What the provider reported after accepting the message (read with the delivery, written by webhooks).
    public var events: [ProviderEvent] = []
    /// The delivery sent as this one's fallback, if any (read with the delivery).
    public var fallbackDeliveryId: String?

    /// Creates a delivery.
    public init(id: String, environmentId: String, organizationId: String, request: DeliveryRequest,
                status: DeliveryStatus = .queued, round: Int = 0, nextAttemptAt: Date, attempts: [DeliveryAttempt] = [],
                droppedIntegrationIds: [String] = [], idempotencyKey: String? = nil, requestHash: String? = nil,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.environmentId = environmentId
        self.organizationId = organizationId
        self.request = request
        self.status = status
        self.round = round
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.droppedIntegrationIds = droppedIntegrationIds
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension DeliveryAttempt {
    /// A provider code as recorded: a short token (`21211`, `MessageRejected`, `invalid_grant`, `#MS42201`), never
    /// free text — some providers put their whole message where a code belongs, and that text can echo input.
    static func code(_ text: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:#/-")
        guard !text.isEmpty, text.count <= 64, text.allSatisfy(allowed.contains) else { return nil }
        return text
    }
}
