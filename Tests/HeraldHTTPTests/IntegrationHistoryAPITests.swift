import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/integrations/{id}/history`: every kind of change recorded with its actor, fields and credential key
/// names, and never a credential value.
@Suite struct IntegrationHistoryAPITests {
    static func postmark(secret: String, active: Bool) -> JSONValue {
        .object([
            "providerId": .string("postmark"), "channel": .string("email"), "active": .bool(active),
            "credentials": .object(["apiKey": .string(secret), "from": .string("a@example.com"),
                                    "senderName": .string("Acme")]),
        ])
    }

    static func actions(_ response: JSONTestResponse) -> [String] {
        (response.data.arrayValue ?? []).compactMap { $0.objectValue?["action"]?.stringValue }
    }

    @Test func everyKindOfChangeIsRecordedWithoutCredentialValues() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let first = try await client.send(
                    .post, "/v1/integrations", auth: auth, json: Self.postmark(secret: "history-secret-first", active: true))
                let a = try #require(first.data.objectValue?["_id"]?.stringValue)
                let second = try await client.send(
                    .post, "/v1/integrations", auth: auth, json: Self.postmark(secret: "history-secret-second", active: false))
                let b = try #require(second.data.objectValue?["_id"]?.stringValue)

                // Activate b, rotate its key and rename it, make it primary (a is re-ranked), deactivate, delete.
                _ = try await client.send(.put, "/v1/integrations/\(b)", auth: auth, json: .object(["active": .bool(true)]))
                _ = try await client.send(.put, "/v1/integrations/\(b)", auth: auth, json: .object([
                    "name": .string("Postmark EU"),
                    "credentials": .object(["apiKey": .string("history-secret-rotated"), "from": .string("a@example.com"),
                                            "senderName": .string("Acme"), "baseUrl": .string("https://pm.example.com")]),
                ]))
                let admin = "Bearer \(herald.keys.adminToken)"
                #expect(try await client.send(.post, "/v1/integrations/\(b)/set-primary", auth: admin).status == .ok)
                _ = try await client.send(.put, "/v1/integrations/\(b)", auth: auth, json: .object(["active": .bool(false)]))
                #expect(try await client.send(.delete, "/v1/integrations/\(b)", auth: auth).status == .ok)

                let history = try await client.send(.get, "/v1/integrations/\(b)/history", auth: auth)
                #expect(history.status == .ok)
                #expect(Self.actions(history) == ["deleted", "deactivated", "set_primary", "updated", "activated", "created"])
                let entries = (history.data.arrayValue ?? []).compactMap { $0.objectValue }
                try #require(entries.count == 6)
                // Newest first: the delete, made with the API key.
                #expect(entries[0]["actor"] == .object(["type": .string("apiKey"), "environmentId": .string(herald.environmentId)]))
                #expect(entries[2]["actor"] == .object(["type": .string("admin")]))
                let created = entries[5]
                #expect(created["credentialKeys"]?.objectValue?["added"] == .array(["apiKey", "from", "senderName"].map(JSONValue.string)))
                let rotated = entries[3]
                #expect(rotated["credentialKeys"] == .object([
                    "added": .array([.string("baseUrl")]), "removed": .array([]), "changed": .array([.string("apiKey")]),
                ]))
                #expect(rotated["changes"]?.arrayValue?.contains(.object([
                    "field": .string("name"), "from": .string("Postmark"), "to": .string("Postmark EU"),
                ])) == true)
                let setPrimary = entries[2]["changes"]?.arrayValue ?? []
                #expect(setPrimary.contains(.object(["field": .string("primary"), "from": .bool(false), "to": .bool(true)])))
                #expect(history.text.contains("history-secret") == false)

                // a lost the primary flag and its rank because of b: recorded as re-ranked, caused by b.
                let other = try await client.send(.get, "/v1/integrations/\(a)/history", auth: admin)
                #expect(Self.actions(other).contains("reranked"))
                let reranked = try #require((other.data.arrayValue ?? []).compactMap { $0.objectValue }.first { $0["action"] == .string("reranked") })
                #expect(reranked["causedBy"] == .string(b))
                #expect(other.text.contains("history-secret") == false)
            }
        }
    }

    @Test func otherEnvironmentsKeysGet404AndFailedChangesLeaveNoEntry() async throws {
        try await TestHerald.with { herald in
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                let created = try await client.send(
                    .post, "/v1/integrations", auth: auth,
                    json: Self.postmark(secret: "history-secret-x", active: true))
                let id = try #require(created.data.objectValue?["_id"]?.stringValue)
                let identifier = try #require(created.data.objectValue?["identifier"]?.stringValue)
                let other = try await client.send(.get, "/v1/integrations/\(id)/history", auth: "ApiKey \(herald.otherApiKey)")
                #expect(other.status == .notFound)
                #expect(try await client.send(.get, "/v1/integrations/000000000000000000000000/history", auth: auth).status == .notFound)
                #expect(try await client.send(.get, "/v1/integrations/\(id)/history?limit=0", auth: auth).status == .unprocessableContent)

                // A 409 (identifier taken) and a 400 (required credential missing) write nothing.
                let second = try await client.send(
                    .post, "/v1/integrations", auth: auth, json: Self.postmark(secret: "history-secret-y", active: false))
                let secondId = try #require(second.data.objectValue?["_id"]?.stringValue)
                let conflict = try await client.send(
                    .put, "/v1/integrations/\(secondId)", auth: auth, json: .object(["identifier": .string(identifier)]))
                #expect(conflict.status == .conflict)
                let missing = try await client.send(.put, "/v1/integrations/\(secondId)", auth: auth, json: .object([
                    "active": .bool(true), "credentials": .object(["from": .string("a@example.com")]),
                ]))
                #expect(missing.status == .badRequest)
                let history = try await client.send(.get, "/v1/integrations/\(secondId)/history", auth: auth)
                #expect(Self.actions(history) == ["created"])
                // Sending the same values again changes nothing and records nothing.
                _ = try await client.send(.put, "/v1/integrations/\(id)", auth: auth, json: .object(["active": .bool(true)]))
                #expect(Self.actions(try await client.send(.get, "/v1/integrations/\(id)/history", auth: auth)) == ["created"])
            }
        }
    }
}
