import Foundation
import HeraldCore
import SQLKit

/// Maps integrations to and from table rows, sealing credentials and configurations.
struct IntegrationRow {
    static let columns = """
        id, environment_id, organization_id, name, identifier, provider_id, channel, credentials, configurations, \
        active, deleted, deleted_at, deleted_by, is_primary, priority, conditions, created_at, updated_at
        """

    static func decode(_ row: any SQLRow, sealer: CredentialSealer) throws -> Integration {
        let channelText = try row.decode(column: "channel", as: String.self)
        guard let channel = Channel(rawValue: channelText) else {
            throw HeraldError.unavailable("Stored integration has an unknown channel")
        }
        let credentials = Credentials(try sealer.openJSON(row.decode(column: "credentials", as: String.self)).objectValue ?? [:])
        let configurations = try JSONDecoder().decode(
            Configurations.self, from: sealer.open(row.decode(column: "configurations", as: String.self)))
        let conditions = try JSONDecoder().decode(
            [StepFilter].self, from: Data(row.decode(column: "conditions", as: String.self).utf8))
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
        return Sealed(
            credentials: try sealer.seal(json: .object(integration.credentials.values)),
            configurations: try sealer.seal(encoder.encode(integration.configurations)),
            conditions: String(decoding: try encoder.encode(integration.conditions), as: UTF8.self)
        )
    }
}

extension Date {
    /// A date from milliseconds since 1970.
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }

    /// Milliseconds since 1970.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
