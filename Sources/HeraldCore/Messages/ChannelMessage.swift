import Foundation

/// What an adapter sends: the delivery request resolved for its channel, with every fallback applied in one place
/// (`content ?? text`, `body ?? content`, …), so adapters never read the raw request.
public enum ChannelMessage: Sendable, Hashable {
    case email(EmailMessage)
    case sms(SMSMessage)
    case chat(ChatMessage)
    case push(PushMessage)
    case inApp(InAppMessage)

    /// The message a request asks for; throws the same 422 as ``DeliveryRequest/validate()`` when a required field
    /// is missing.
    public init(_ request: DeliveryRequest) throws {
        try request.validate()
        let content = request.content
        switch request.channel {
        case .email:
            var email = EmailMessage(
                to: request.to.emails ?? request.to.email.map { [$0] } ?? [], subject: content.subject ?? "",
                html: content.html, text: content.text, data: content.data)
            email.cc = request.to.cc ?? []
            email.bcc = request.to.bcc ?? []
            email.from = content.from
            email.senderName = content.senderName
            email.replyTo = content.replyTo
            email.headers = content.headers ?? [:]
            email.tags = content.tags ?? []
            email.attachments = (content.attachments ?? []).map { attachment in
                EmailMessage.Attachment(
                    filename: attachment.filename, contentType: attachment.contentType ?? "application/octet-stream",
                    content: Array(Data(base64Encoded: attachment.content) ?? Data()), cid: attachment.cid)
            }
            self = .email(email)
        case .sms:
            self = .sms(SMSMessage(
                to: request.to.phone ?? "", content: content.content ?? content.text ?? "", from: content.from,
                data: content.data))
        case .chat:
            self = .chat(ChatMessage(
                webhookUrl: request.to.webhookUrl, channel: request.to.channel, phone: request.to.phone,
                content: content.content ?? content.text ?? "", blocks: content.blocks, data: content.data))
        case .push:
            var push = PushMessage(
                deviceTokens: (request.to.deviceTokens ?? []).filter { !$0.isEmpty }, title: content.title ?? "",
                body: content.body ?? content.content ?? "", data: content.data ?? request.payload)
            push.options = content.push ?? .init()
            self = .push(push)
        case .inApp:
            self = .inApp(InAppMessage(
                subscriberId: request.to.subscriberId ?? "", title: content.title,
                content: content.content ?? content.body ?? "", data: content.data ?? request.payload))
        }
    }
}

extension ChannelMessage {
    /// Whether this is a chat message.
    public var isChat: Bool { if case .chat = self { true } else { false } }
}

/// An email.
public struct EmailMessage: Sendable, Hashable {
    /// Recipients (at least one).
    public var to: [String]
    public var cc: [String] = []
    public var bcc: [String] = []
    public var subject: String
    /// The HTML body; `html` or `text` (or both) is set.
    public var html: String?
    public var text: String?
    /// Overrides the integration's `from` / `senderName`.
    public var from: String?
    public var senderName: String?
    public var replyTo: String?
    public var attachments: [Attachment] = []
    /// Extra message headers.
    public var headers: [String: String] = [:]
    /// Provider tags or categories.
    public var tags: [String] = []
    /// Structured data the caller attached (`content.data`).
    public var data: JSONValue?

    /// Creates an email.
    public init(to: [String], subject: String, html: String? = nil, text: String? = nil, data: JSONValue? = nil) {
        self.to = to
        self.subject = subject
        self.html = html
        self.text = text
        self.data = data
    }

    /// A file sent with an email; `cid` makes it an inline image referenced as `cid:<cid>` in the HTML.
    public struct Attachment: Sendable, Hashable {
        public var filename: String
        public var contentType: String
        public var content: [UInt8]
        public var cid: String?

        /// Creates an attachment.
        public init(filename: String, contentType: String, content: [UInt8], cid: String? = nil) {
            self.filename = filename
            self.contentType = contentType
            self.content = content
            self.cid = cid
        }
    }
}

/// A text message.
public struct SMSMessage: Sendable, Hashable {
    /// The recipient number (E.164).
    public var to: String
    public var content: String
    /// Overrides the integration's sender.
    public var from: String?
    public var data: JSONValue?

    /// Creates a text message.
    public init(to: String, content: String, from: String? = nil, data: JSONValue? = nil) {
        self.to = to
        self.content = content
        self.from = from
        self.data = data
    }
}

/// A chat message: to a webhook URL, to a channel for bot-token providers, or to a phone number (WhatsApp).
public struct ChatMessage: Sendable, Hashable {
    public var webhookUrl: String?
    public var channel: String?
    public var phone: String?
    public var content: String
    /// Provider blocks (Slack), passed through.
    public var blocks: JSONValue?
    public var data: JSONValue?

    /// Creates a chat message.
    public init(
        webhookUrl: String?, channel: String? = nil, phone: String? = nil, content: String, blocks: JSONValue? = nil,
        data: JSONValue? = nil
    ) {
        self.webhookUrl = webhookUrl
        self.channel = channel
        self.phone = phone
        self.content = content
        self.blocks = blocks
        self.data = data
    }
}

/// A push notification to one or more device tokens.
public struct PushMessage: Sendable, Hashable {
    public var deviceTokens: [String]
    public var title: String
    public var body: String
    /// Custom data (`content.data`, else the payload).
    public var data: JSONValue?
    /// Sound, badge, image, click action, thread, category, priority, time to live, collapse key.
    public var options = DeliveryRequest.Content.PushOptions()

    /// Creates a push notification.
    public init(deviceTokens: [String], title: String, body: String, data: JSONValue? = nil) {
        self.deviceTokens = deviceTokens
        self.title = title
        self.body = body
        self.data = data
    }
}

/// A message for a subscriber's in-app inbox.
public struct InAppMessage: Sendable, Hashable {
    public var subscriberId: String
    public var title: String?
    public var content: String
    public var data: JSONValue?

    /// Creates an in-app message.
    public init(subscriberId: String, title: String? = nil, content: String, data: JSONValue? = nil) {
        self.subscriberId = subscriberId
        self.title = title
        self.content = content
        self.data = data
    }
}
