import Foundation
import HeraldCore
import SQLKit

/// Maps integrations to and from table rows, sealing credentials and configurations.
struct IntegrationRow {
    static let columns = """
        id, environment_id, organization_id, name, identifier, provider_id, channel, credentials, configurations, \
        active, deleted, deleted_at, deleted_by, is_primary, priority, conditions, created_at, updated_at
        """

    /// The key under which the inbound-webhook signing key travels inside the sealed credentials.
    static let signingKeySlot = "__inboundWebhookSigningKey"

    static func decode(_ row: any SQLRow, sealer: CredentialSealer, withSecrets: Bool = true) throws -> Integration {
        let channelText = try row.decode(column: "channel", as: String.self)
        guard let channel = Channel(rawValue: channelText) else {
            throw HeraldError.unavailable("Stored integration has an unknown channel")
        }
        // Most integrations have no configurations and no conditions: skip the JSON decoder for those.
        let configurationsText = try row.decode(column: "configurations", as: String.self)
        var configurations = configurationsText == "{}"
            ? Configurations() : try JSONDecoder().decode(Configurations.self, from: Data(configurationsText.utf8))
        var credentials = Credentials()
        if withSecrets {
            var secrets = try sealer.openJSON(row.decode(column: "credentials", as: String.self)).objectValue ?? [:]
            configurations.inboundWebhookSigningKey = secrets.removeValue(forKey: signingKeySlot)?.stringValue
            credentials = Credentials(secrets)
        }
        let conditionsText = try row.decode(column: "conditions", as: String.self)
        let conditions = conditionsText == "[]"
            ? [] : try JSONDecoder().decode([StepFilter].self, from: Data(conditionsText.utf8))
        return Integration(
            id: try row.decode(column: "id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            organizationId: try row.decode(column: "organization_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            identifier: try row.decode(column: "identifier", as: String.self),
            providerId: try row.decode(column: "provider_id", as: String.self),
            channel: channel,
            credentials: credentials,
            configurations: configurations,
            active: try row.decode(column: "active", as: Bool.self),
            deleted: try row.decode(column: "deleted", as: Bool.self),
            deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Date.init(millis:)),
            deletedBy: try row.decode(column: "deleted_by", as: String?.self),
            primary: try row.decode(column: "is_primary", as: Bool.self),
            priority: try row.decode(column: "priority", as: Int.self),
            conditions: conditions,
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millis: try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    struct Sealed: Sendable {
        let credentials: String
        let configurations: String
        let conditions: String
    }

    static func seal(_ integration: Integration, sealer: CredentialSealer) throws -> Sealed {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Everything secret travels in one sealed value; the rest of the configurations stays readable.
        var secrets = integration.credentials.values
        secrets[signingKeySlot] = integration.configurations.inboundWebhookSigningKey.map(JSONValue.string)
        return Sealed(
            credentials: try sealer.seal(json: .object(secrets)),
            configurations: String(decoding: try encoder.encode(integration.configurations.redacted), as: UTF8.self),
            conditions: String(decoding: try encoder.encode(integration.conditions), as: UTF8.self)
        )
    }
}

extension Date {
    /// A date from milliseconds since 1970.
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }

    /// Milliseconds since 1970.
    /// Milliseconds since 1970, saturating (a date far outside any real range never traps).
    var millis: Int64 {
        let value = (timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return value.isNaN ? 0 : (value > 0 ? .max : .min) }
        return Int64(exactly: value) ?? (value > 0 ? .max : .min)
    }
}
