import Foundation

/// Profile fields of a subscriber request; nil leaves a field unchanged (Novu's SDKs send `null` for unset ones).
public struct SubscriberProfile: Sendable, Hashable {
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var avatar: String?
    public var locale: String?
    public var data: JSONValue?

    /// Creates a profile.
    public init(firstName: String? = nil, lastName: String? = nil, email: String? = nil, phone: String? = nil,
                avatar: String? = nil, locale: String? = nil, data: JSONValue? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.avatar = avatar
        self.locale = locale
        self.data = data
    }

    /// Writes the set fields into a subscriber.
    func apply(to subscriber: inout Subscriber) {
        if let firstName { subscriber.firstName = firstName }
        if let lastName { subscriber.lastName = lastName }
        if let email { subscriber.email = email }
        if let phone { subscriber.phone = phone }
        if let avatar { subscriber.avatar = avatar }
        if let locale { subscriber.locale = locale }
        if let data { subscriber.data = data }
    }
}

/// `PUT`/`PATCH /v1/subscribers/{subscriberId}/credentials` (and each entry of `channels` on create).
public struct SubscriberCredentialsInput: Sendable, Hashable {
    public var providerId: String
    public var integrationIdentifier: String?
    public var credentials: SubscriberCredentials

    /// Creates an input.
    public init(providerId: String, integrationIdentifier: String? = nil, credentials: SubscriberCredentials) {
        self.providerId = providerId
        self.integrationIdentifier = integrationIdentifier
        self.credentials = credentials
    }
}

/// `POST /v1/subscribers`.
public struct CreateSubscriberInput: Sendable, Hashable {
    public var subscriberId: String
    public var profile: SubscriberProfile
    public var channels: [SubscriberCredentialsInput]

    /// Creates an input.
    public init(subscriberId: String, profile: SubscriberProfile = .init(), channels: [SubscriberCredentialsInput] = []) {
        self.subscriberId = subscriberId
        self.profile = profile
        self.channels = channels
    }
}

/// Parses subscriber bodies, naming every bad field in one 422.
public enum SubscriberRequest {
    static let profileKeys: Set<String> = ["email", "firstName", "lastName", "phone", "avatar", "locale", "data"]
    static let credentialKeys: Set<String> = ["webhookUrl", "channel", "deviceTokens"]
    /// The longest subscriber id.
    public static let maxSubscriberIdLength = 256
    /// The longest profile string.
    public static let maxFieldLength = 1024
    /// The most device tokens per channel entry.
    public static let maxDeviceTokens = 1000

    /// `POST /v1/subscribers`: `subscriberId` required; `channels` optional.
    public static func create(_ body: [String: JSONValue]) throws -> CreateSubscriberInput {
        var problems = unknownKeys(body, allowed: profileKeys.union(["subscriberId", "channels"]), path: "")
        let subscriberId = self.subscriberId(body["subscriberId"], problems: &problems)
        let profile = self.profile(body, problems: &problems)
        var channels: [SubscriberCredentialsInput] = []
        if let value = body["channels"], value != .null {
            if let items = value.arrayValue {
                for (index, item) in items.enumerated() {
                    if let entry = credentials(item, path: "channels[\(index)]", problems: &problems) { channels.append(entry) }
                }
            } else {
                problems.append("channels must be an array")
            }
        }
        guard problems.isEmpty, let subscriberId else { throw HeraldError.validation(problems) }
        return CreateSubscriberInput(subscriberId: subscriberId, profile: profile, channels: channels)
    }

    /// `PUT /v1/subscribers/{subscriberId}`: the profile fields; `subscriberId` and `channels` (which Novu's SDKs
    /// send along) are accepted and ignored, as Novu does.
    public static func update(_ body: [String: JSONValue]) throws -> SubscriberProfile {
        var problems = unknownKeys(body, allowed: profileKeys.union(["subscriberId", "channels"]), path: "")
        let profile = self.profile(body, problems: &problems)
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        return profile
    }

    /// `PUT`/`PATCH …/credentials`: `{providerId, integrationIdentifier?, credentials}`.
    public static func credentials(_ body: [String: JSONValue]) throws -> SubscriberCredentialsInput {
        var problems: [String] = []
        let input = credentials(.object(body), path: "", problems: &problems)
        guard problems.isEmpty, let input else { throw HeraldError.validation(problems) }
        return input
    }

    // MARK: - Fields

    static func unknownKeys(_ object: [String: JSONValue], allowed: Set<String>, path: String) -> [String] {
        object.keys.sorted().filter { !allowed.contains($0) }.map { "property \(path)\($0) should not exist" }
    }

    static func subscriberId(_ value: JSONValue?, problems: inout [String]) -> String? {
        guard let value, value != .null else {
            problems.append("subscriberId should not be empty")
            return nil
        }
        guard let text = value.stringValue, !DeliveryRequest.isBlank(text), text.count <= maxSubscriberIdLength,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" })
        else {
            problems.append(
                "subscriberId must be a non-empty string of at most \(maxSubscriberIdLength) characters without / or control characters")
            return nil
        }
        return text
    }

    static func string(_ object: [String: JSONValue], _ key: String, path: String, max: Int = maxFieldLength,
                       problems: inout [String]) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue, text.count <= max, !text.containsNUL else {
            problems.append("\(path)\(key) must be a string of at most \(max) characters, without NUL")
            return nil
        }
        return text
    }

    static func profile(_ body: [String: JSONValue], problems: inout [String]) -> SubscriberProfile {
        var profile = SubscriberProfile()
        profile.firstName = string(body, "firstName", path: "", problems: &problems)
        profile.lastName = string(body, "lastName", path: "", problems: &problems)
        profile.phone = string(body, "phone", path: "", problems: &problems)
        profile.avatar = string(body, "avatar", path: "", problems: &problems)
        profile.locale = string(body, "locale", path: "", problems: &problems)
        if let email = string(body, "email", path: "", problems: &problems) {
            if DeliveryRequestParser.isEmailAddress(email) {
                profile.email = email
            } else {
                problems.append("email must be an email")
            }
        }
        if let data = body["data"], data != .null {
            if data.objectValue != nil {
                ConditionLimits.checkVariables(data, path: "data", problems: &problems)
                profile.data = data
            } else {
                problems.append("data must be an object")
            }
        }
        return profile
    }

    static func credentials(_ value: JSONValue, path: String, problems: inout [String]) -> SubscriberCredentialsInput? {
        guard let object = value.objectValue else {
            problems.append("\(path) must be an object")
            return nil
        }
        let prefix = path.isEmpty ? "" : path + "."
        problems += unknownKeys(object, allowed: ["providerId", "integrationIdentifier", "credentials"], path: prefix)
        var providerId: String?
        if let text = object["providerId"]?.stringValue, !text.isEmpty {
            if let provider = ProviderCatalogue.provider(id: text), provider.channel == .chat || provider.channel == .push {
                providerId = text
            } else {
                problems.append("\(prefix)providerId must be a chat or push provider of the catalogue")
            }
        } else {
            problems.append("\(prefix)providerId should not be empty")
        }
        let identifier = string(object, "integrationIdentifier", path: prefix, max: 256, problems: &problems)
        var credentials = SubscriberCredentials()
        switch object["credentials"] {
        case .object(let members):
            let at = prefix + "credentials."
            problems += unknownKeys(members, allowed: credentialKeys, path: at)
            credentials.webhookUrl = string(members, "webhookUrl", path: at, max: 2048, problems: &problems)
            if let url = credentials.webhookUrl, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                problems.append("\(at)webhookUrl must be an http or https URL")
            }
            credentials.channel = string(members, "channel", path: at, max: 256, problems: &problems)
            if let tokens = members["deviceTokens"], tokens != .null {
                if let items = tokens.arrayValue, items.count <= maxDeviceTokens,
                    items.allSatisfy({ ($0.stringValue.map { !$0.isEmpty && $0.count <= 4096 }) ?? false })
                {
                    var seen = Set<String>()
                    credentials.deviceTokens = items.compactMap(\.stringValue).filter { seen.insert($0).inserted }
                } else {
                    problems.append(
                        "\(at)deviceTokens must be an array of at most \(maxDeviceTokens) non-empty strings (up to 4096 characters)")
                }
            }
        case nil, .null?:
            problems.append("\(prefix)credentials should not be empty")
        default:
            problems.append("\(prefix)credentials must be an object")
        }
        guard let providerId else { return nil }
        return SubscriberCredentialsInput(providerId: providerId, integrationIdentifier: identifier, credentials: credentials)
    }
}
