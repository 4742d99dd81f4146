import Foundation

/// A Novu-style subscriber: a recipient with its addresses and, per chat/push integration, its credentials.
public struct Subscriber: Sendable, Hashable {
    /// The record id (`_id`).
    public var id: String
    public var environmentId: String
    public var organizationId: String
    /// The caller's own id for the subscriber, unique in the environment.
    public var subscriberId: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var avatar: String?
    public var locale: String?
    /// Free-form data (an object).
    public var data: JSONValue?
    /// Credentials per chat/push integration.
    public var channels: [SubscriberChannel]
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates a subscriber value.
    public init(
        id: String, environmentId: String, organizationId: String, subscriberId: String, firstName: String? = nil,
        lastName: String? = nil, email: String? = nil, phone: String? = nil, avatar: String? = nil,
        locale: String? = nil, data: JSONValue? = nil, channels: [SubscriberChannel] = [], createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.environmentId = environmentId
        self.organizationId = organizationId
        self.subscriberId = subscriberId
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.avatar = avatar
        self.locale = locale
        self.data = data
        self.channels = channels
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The stored channel entry for an integration: the one saved for it (by id or identifier), else the first
    /// one for its provider.
    public func channel(for integration: Integration) -> SubscriberChannel? {
        channelIndex(providerId: integration.providerId, integrationId: integration.id,
                     integrationIdentifier: integration.identifier).map { channels[$0] }
    }

    /// Where ``channel(for:)`` finds the entry of an integration (given by its provider, id and identifier).
    func channelIndex(providerId: String, integrationId: String, integrationIdentifier: String) -> Int? {
        channels.firstIndex { $0.integrationId == integrationId || $0.integrationIdentifier == integrationIdentifier }
            ?? channels.firstIndex { $0.providerId == providerId }
    }

    /// Removes `tokens` from the device tokens of the entry ``channel(for:)`` picks for the integration (the one a
    /// delivery's tokens were resolved from) and returns those it held, in stored order.
    public mutating func removeDeviceTokens(
        _ tokens: Set<String>, providerId: String, integrationId: String, integrationIdentifier: String
    ) -> [String] {
        guard let index = channelIndex(providerId: providerId, integrationId: integrationId,
                                       integrationIdentifier: integrationIdentifier),
            let stored = channels[index].credentials.deviceTokens
        else { return [] }
        let removed = stored.filter(tokens.contains)
        if !removed.isEmpty { channels[index].credentials.deviceTokens = stored.filter { !tokens.contains($0) } }
        return removed
    }
}

/// A subscriber's credentials for one chat or push integration.
public struct SubscriberChannel: Sendable, Hashable {
    /// The catalogue provider id.
    public var providerId: String
    /// The identifier of the integration they were saved for.
    public var integrationIdentifier: String?
    /// The id of the integration they were saved for (`_integrationId`).
    public var integrationId: String?
    /// The credentials.
    public var credentials: SubscriberCredentials

    /// Creates an entry.
    public init(providerId: String, integrationIdentifier: String? = nil, integrationId: String? = nil,
                credentials: SubscriberCredentials = .init()) {
        self.providerId = providerId
        self.integrationIdentifier = integrationIdentifier
        self.integrationId = integrationId
        self.credentials = credentials
    }
}

/// What a chat or push provider needs to reach a subscriber.
public struct SubscriberCredentials: Sendable, Hashable {
    /// A chat incoming-webhook URL.
    public var webhookUrl: String?
    /// A chat channel or chat id (bot-token providers).
    public var channel: String?
    /// Push device tokens.
    public var deviceTokens: [String]?

    /// Creates credentials.
    public init(webhookUrl: String? = nil, channel: String? = nil, deviceTokens: [String]? = nil) {
        self.webhookUrl = webhookUrl
        self.channel = channel
        self.deviceTokens = deviceTokens
    }

    /// These credentials with `other`'s set fields merged in; device tokens are appended without duplicates.
    public func merging(_ other: SubscriberCredentials) -> SubscriberCredentials {
        var merged = self
        if let url = other.webhookUrl { merged.webhookUrl = url }
        if let channel = other.channel { merged.channel = channel }
        if let tokens = other.deviceTokens {
            var seen = Set(merged.deviceTokens ?? [])
            merged.deviceTokens = (merged.deviceTokens ?? []) + tokens.filter { seen.insert($0).inserted }
        }
        return merged
    }

    /// The JSON object form (`{webhookUrl, channel, deviceTokens}`, unset fields left out).
    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        if let webhookUrl { object["webhookUrl"] = .string(webhookUrl) }
        if let channel { object["channel"] = .string(channel) }
        if let deviceTokens { object["deviceTokens"] = .array(deviceTokens.map(JSONValue.string)) }
        return .object(object)
    }
}

extension SubscriberChannel {
    /// The JSON form, as stored and as Novu writes it (`_integrationId`).
    public var json: JSONValue {
        var object: [String: JSONValue] = ["providerId": .string(providerId), "credentials": credentials.json]
        if let integrationIdentifier { object["integrationIdentifier"] = .string(integrationIdentifier) }
        if let integrationId { object["_integrationId"] = .string(integrationId) }
        return .object(object)
    }

    /// Reads the stored JSON form; nil when it is not one.
    public init?(json: JSONValue) {
        guard let object = json.objectValue, let providerId = object["providerId"]?.stringValue else { return nil }
        let credentials = object["credentials"]?.objectValue ?? [:]
        self.init(
            providerId: providerId, integrationIdentifier: object["integrationIdentifier"]?.stringValue,
            integrationId: object["_integrationId"]?.stringValue,
            credentials: SubscriberCredentials(
                webhookUrl: credentials["webhookUrl"]?.stringValue, channel: credentials["channel"]?.stringValue,
                deviceTokens: credentials["deviceTokens"]?.arrayValue?.compactMap(\.stringValue)))
    }
}
