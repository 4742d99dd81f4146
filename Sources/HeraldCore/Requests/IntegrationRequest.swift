/// Parses and validates the JSON bodies of `POST /v1/integrations` and `PUT /v1/integrations/{id}`.
public struct IntegrationRequest: Sendable {
    /// The body keys it accepts.
    public static let knownKeys: Set<String> = [
        "providerId", "channel", "name", "identifier", "_environmentId", "credentials", "configurations", "active",
        "check", "conditions",
    ]

    /// The catalogue provider id.
    public var providerId: String?
    /// The channel.
    public var channel: Channel?
    /// The name.
    public var name: String?
    /// The identifier.
    public var identifier: String?
    /// `_environmentId`: the target environment (admin callers, or moving an integration).
    public var environmentId: String?
    /// The validated credentials.
    public var credentials: Credentials?
    /// The validated configurations.
    public var configurations: Configurations?
    /// Whether it is active.
    public var active: Bool?
    /// Whether to run the provider's check before saving.
    public var check: Bool = false
    /// The validated condition groups.
    public var conditions: [StepFilter]?

    /// Validates every field, collecting all problems into one 422.
    public init(body: [String: JSONValue]) throws {
        var problems: [String] = []
        for key in body.keys.sorted() where !Self.knownKeys.contains(key) {
            problems.append("property \(key) should not exist")
        }
        func string(_ key: String, nonEmpty: Bool = false) -> String? {
            guard let value = body[key], value != .null else { return nil }
            guard let text = value.stringValue, !nonEmpty || !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                problems.append(nonEmpty ? "\(key) must be a non-empty string" : "\(key) must be a string")
                return nil
            }
            // PostgreSQL text cannot hold NUL: refused here rather than failing the write.
            if text.containsNUL {
                problems.append("\(key) must not contain NUL characters")
                return nil
            }
            return text
        }
        func bool(_ key: String) -> Bool? {
            guard let value = body[key], value != .null else { return nil }
            guard let flag = value.boolValue else {
                problems.append("\(key) must be a boolean")
                return nil
            }
            return flag
        }
        providerId = string("providerId", nonEmpty: true)
        if let text = string("channel") {
            channel = Channel(rawValue: text)
            if channel == nil {
                problems.append("channel must be one of: \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        name = string("name", nonEmpty: true)
        identifier = string("identifier", nonEmpty: true)
        environmentId = string("_environmentId", nonEmpty: true)
        active = bool("active")
        check = bool("check") ?? false
        func validated<T>(_ key: String, _ parse: (JSONValue) throws -> T) -> T? {
            guard let value = body[key], value != .null else { return nil }
            do {
                return try parse(value)
            } catch let error as HeraldError {
                problems.append(contentsOf: error.messages.isEmpty ? [error.message] : error.messages)
            } catch {
                problems.append("\(key) is invalid")
            }
            return nil
        }
        credentials = validated("credentials") { try Credentials.validate($0) }
        configurations = validated("configurations") { try Configurations.validate($0) }
        conditions = validated("conditions") { try StepFilter.validateList($0) }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
    }

    /// The create input, after checking the required fields.
    public func createInput(environmentId: String) throws -> CreateIntegrationInput {
        var problems: [String] = []
        if providerId == nil { problems.append("providerId should not be empty") }
        if channel == nil { problems.append("channel should not be empty") }
        guard let providerId, let channel, problems.isEmpty else { throw HeraldError.validation(problems) }
        return CreateIntegrationInput(
            environmentId: environmentId, providerId: providerId, channel: channel, name: name,
            identifier: identifier, credentials: credentials ?? .init(), configurations: configurations ?? .init(),
            active: active ?? false, conditions: conditions ?? [], check: check)
    }

    /// The update input; `providerId` and `channel` may be repeated but not changed.
    public func updateInput(current: Integration) throws -> UpdateIntegrationInput {
        if let providerId, providerId != current.providerId {
            throw HeraldError.badRequest("providerId cannot be changed; create a new integration instead")
        }
        if let channel, channel != current.channel {
            throw HeraldError.badRequest("channel cannot be changed; create a new integration instead")
        }
        return UpdateIntegrationInput(
            name: name, identifier: identifier, environmentId: environmentId, active: active,
            credentials: credentials, configurations: configurations, conditions: conditions, check: check)
    }
}
