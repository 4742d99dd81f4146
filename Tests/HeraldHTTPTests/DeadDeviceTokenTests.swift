import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Device tokens a push provider reports invalid are removed from the subscriber the delivery is addressed to, and
/// the attempt says which: through the real router, a running worker and Expo's fake answering
/// `DeviceNotRegistered` for some tokens.
@Suite(.timeLimit(.minutes(2))) struct DeadDeviceTokenTests {
    static let path = "--/api/v2/push/send"
    static let liveA = "ExponentPushToken[live-a]"
    static let dead = "ExponentPushToken[dead]"
    static let liveB = "ExponentPushToken[live-b]"
    static let gone = "ExponentPushToken[gone]"

    /// An Expo ticket: ok with an id, or Expo's documented `DeviceNotRegistered` error for the token.
    static func ticket(_ token: String, ok id: String? = nil) -> String {
        if let id { return #"{"status":"ok","id":"\#(id)"}"# }
        return #"{"status":"error","message":"\"\#(token)\" is not a registered push notification recipient","details":{"error":"DeviceNotRegistered","expoPushToken":"\#(token)"}}"#
    }

    static func tickets(_ items: String...) -> FakeProviderServer.Behavior {
        .respond(status: 200, json: #"{"data":[\#(items.joined(separator: ","))]}"#)
    }

    @Test func tokensReportedInvalidAreRemovedFromTheSubscriber() async throws {
        let fake = try await FakeProviderServer.start()
        try await TestHerald.with { herald in
            fake.on(Self.path,
                    Self.tickets(Self.ticket(Self.liveA, ok: "r-1"), Self.ticket(Self.dead), Self.ticket(Self.liveB, ok: "r-3")),
                    Self.tickets(Self.ticket(Self.liveA, ok: "r-4"), Self.ticket(Self.liveB, ok: "r-5")),
                    Self.tickets(Self.ticket(Self.liveA)),
                    Self.tickets(Self.ticket(Self.gone)))
            _ = try await PushAdapterTests.integration(herald, fake, "expo", ["apiKey": .string("expo-access-token-1")])
            let worker = herald.runtime.makeWorker(logger: herald.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await herald.application().test(.router) { client in
                let auth = "ApiKey \(herald.apiKey)"
                func subscriber(_ id: String, tokens: [String]) async throws {
                    #expect(try await client.send(.post, "/v1/subscribers", auth: auth, json: SubscribersAPITests.sdkBody(id)).status == .created)
                    let put = try await client.send(.put, "/v1/subscribers/\(id)/credentials", auth: auth, json: .object([
                        "providerId": .string("expo"), "credentials": .object(["deviceTokens": .array(tokens.map(JSONValue.string))]),
                    ]))
                    #expect(put.status == .ok, "\(put.text)")
                }
                func storedTokens(_ id: String) async throws -> [String]? {
                    try await client.send(.get, "/v1/subscribers/\(id)", auth: auth).data
                        .value(atPath: "channels")?.arrayValue?.first?.value(atPath: "credentials.deviceTokens")?
                        .arrayValue?.compactMap(\.stringValue)
                }
                /// Sends a push to `to`, waits for its outcome and returns the delivery as the API shows it.
                func push(_ to: JSONValue, expect status: String) async throws -> JSONValue {
                    let created = try await client.send(.post, "/v1/deliveries", auth: auth, json: .object([
                        "channel": .string("push"), "to": to,
                        "content": .object(["title": .string("Order shipped"), "body": .string("Arrives Friday")]),
                    ]))
                    #expect(created.status == .accepted, "\(created.text)")
                    let id = try #require(created.data.value(atPath: "_id")?.stringValue)
                    #expect(try await SubscribersAPITests.waitSent(client, auth: auth, id) == status)
                    return try await client.send(.get, "/v1/deliveries/\(id)", auth: auth).data
                }
                func sentTo(request index: Int) -> [String] {
                    let requests = fake.requests(to: Self.path)
                    guard requests.indices.contains(index) else { return [] }
                    return requests[index].json.arrayValue?.compactMap { $0.value(atPath: "to")?.stringValue } ?? []
                }

                // Three tokens, one dead: sent to the others, the dead one listed and removed.
                try await subscriber("u1", tokens: [Self.liveA, Self.dead, Self.liveB])
                let first = try await push(.object(["subscriberId": .string("u1")]), expect: "sent")
                #expect(sentTo(request: 0) == [Self.liveA, Self.dead, Self.liveB])
                let attempt = first.value(atPath: "attempts")?.arrayValue?.first
                #expect(attempt?.value(atPath: "outcome") == .string("sent"))
                let failed = try #require(attempt?.value(atPath: "failedRecipients")?.arrayValue)
                #expect(failed.count == 1)
                #expect(failed.first?.value(atPath: "address") == .string(Self.dead))
                #expect(failed.first?.value(atPath: "reason") == .string("invalid_device_token"))
                #expect(failed.first?.value(atPath: "removedFromSubscriber") == .bool(true))
                #expect(failed.first?.value(atPath: "error")?.stringValue?.contains("DeviceNotRegistered") == true)
                #expect(try await storedTokens("u1") == [Self.liveA, Self.liveB])

                // The next delivery to the subscriber targets only the two left.
                let second = try await push(.object(["subscriberId": .string("u1")]), expect: "sent")
                #expect(sentTo(request: 1) == [Self.liveA, Self.liveB])
                #expect(second.value(atPath: "attempts")?.arrayValue?.first?.value(atPath: "failedRecipients") == nil)

                // Explicit tokens without a subscriber: reported, never removed from anyone.
                let explicit = try await push(.object(["deviceTokens": .array([.string(Self.liveA)])]), expect: "failed")
                #expect(sentTo(request: 2) == [Self.liveA])
                let explicitAttempt = explicit.value(atPath: "attempts")?.arrayValue?.first
                #expect(explicitAttempt?.value(atPath: "reason") == .string("invalid_device_token"))
                let explicitFailed = explicitAttempt?.value(atPath: "failedRecipients")?.arrayValue ?? []
                #expect(explicitFailed.count == 1)
                #expect(explicitFailed.first?.value(atPath: "address") == .string(Self.liveA))
                #expect(explicitFailed.first?.value(atPath: "removedFromSubscriber") == .bool(false))
                #expect(try await storedTokens("u1") == [Self.liveA, Self.liveB])

                // Every token dead: the send fails, and the tokens are still reported one by one and removed.
                try await subscriber("u2", tokens: [Self.gone])
                let allDead = try await push(.object(["subscriberId": .string("u2")]), expect: "failed")
                #expect(sentTo(request: 3) == [Self.gone])
                let deadAttempt = allDead.value(atPath: "attempts")?.arrayValue?.first
                #expect(deadAttempt?.value(atPath: "outcome") == .string("permanent"))
                let deadTokens = deadAttempt?.value(atPath: "failedRecipients")?.arrayValue ?? []
                #expect(deadTokens.count == 1)
                #expect(deadTokens.first?.value(atPath: "address") == .string(Self.gone))
                #expect(deadTokens.first?.value(atPath: "reason") == .string("invalid_device_token"))
                #expect(deadTokens.first?.value(atPath: "removedFromSubscriber") == .bool(true))
                #expect(try await storedTokens("u2") == [])
                #expect(try await storedTokens("u1") == [Self.liveA, Self.liveB])
            }
            worker.stop()
        }
        #expect(fake.unexpectedPaths.isEmpty)
        #expect(fake.requests(to: Self.path).count == 4)
        await fake.stop()
    }
}
