import Foundation
import HeraldCore
@testable import HeraldProviders
import HeraldTestSupport
import Testing

/// Telegram, Google Chat and Slack's `chat.postMessage` against loopback fakes: the documented request with the
/// documented success answer and its id, documented error bodies classified, and the checks.
@Suite(.timeLimit(.minutes(2))) struct ChatAdapterMoreTests {
    static let botToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

    /// Runs the requests through one integration of `provider` with `credentials`, then `after`.
    static func run(
        _ provider: String, _ credentials: [String: JSONValue], _ requests: [DeliveryRequest],
        after: (TestHerald, Integration) async throws -> Void = { _, _ in }
    ) async throws -> [Delivery] {
        try await TestHerald.with { herald in
            let integration = try await ProviderAdapterTests.create(herald, provider, .chat, credentials)
            var results: [Delivery] = []
            for request in requests {
                results.append(await herald.runtime.processor.process(DeliveryTests.delivery(herald, request), logger: herald.logger))
            }
            try await after(herald, integration)
            return results
        }
    }

    /// Runs the integration's check, returning the failure it throws (nil when it passes).
    static func checkFailure(_ herald: TestHerald, _ integration: Integration) async -> ProviderFailure? {
        do {
            try await herald.runtime.processor.check(integration)
            return nil
        } catch {
            return error as? ProviderFailure
        }
    }

    @Test func telegramSendsToTheChatIdWithTheTokenInThePathAndChecksGetMe() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "bot\(Self.botToken)/sendMessage"
        fake.on(path,
                .respond(status: 200, json: #"{"ok":true,"result":{"message_id":4242,"from":{"id":123456789,"is_bot":true,"first_name":"Herald","username":"herald_bot"},"chat":{"id":-1001234567890,"title":"Ops","type":"supergroup"},"date":1721296800,"text":"Deploy finished"}}"#),
                .respond(status: 403, json: #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#),
                .respond(status: 400, json: #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#),
                .respond(status: 401, json: #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#),
                // Last: a rate limit passes the integration over for the wait.
                .respond(status: 429, json: #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#))
        fake.on(.get, "bot\(Self.botToken)/getMe",
                .respond(status: 200, json: #"{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Herald","username":"herald_bot"}}"#),
                .respond(status: 401, json: #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#))
        let markup: JSONValue = .object(["inline_keyboard": .array([.array([.object(["text": .string("Open"), "url": .string("https://acme.test")])])])])
        let send = ChatAdapterTests.chat(channel: "-1001234567890", overrides: [
            "telegram": .object(["parse_mode": .string("HTML"), "reply_markup": markup, "disable_notification": .bool(true)]),
        ])
        let plain = ChatAdapterTests.chat(channel: "-1001234567890")
        let credentials: [String: JSONValue] = ["botToken": .string(Self.botToken), "baseUrl": .string(fake.url(""))]
        let results = try await Self.run("telegram", credentials, [send, plain, plain, plain, ChatAdapterTests.chat(webhook: "https://x.test"), plain]) { herald, integration in
            #expect(await Self.checkFailure(herald, integration) == nil)
            #expect(await Self.checkFailure(herald, integration)?.reason == .badCredentials)
        }
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "4242")
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.method == "POST" && sent.header("Content-Type") == "application/json" && sent.header("Authorization") == nil)
        #expect(sent.json == .object([
            "chat_id": .string("-1001234567890"), "text": .string("Deploy finished"), "parse_mode": .string("HTML"),
            "reply_markup": markup, "disable_notification": .bool(true),
        ]))
        let expected: [(String, String)] = [
            ("invalid_recipient", "403"), ("invalid_recipient", "400"), ("bad_credentials", "401"), ("rate_limited", "429"),
        ]
        for (result, (reason, code)) in zip([results[1], results[2], results[3], results[5]], expected) {
            #expect(result.attempts.first?.reason == reason && result.attempts.first?.providerCode == code, "\(code)")
        }
        #expect(results[5].status == .retrying && results[5].nextAttemptAt.timeIntervalSinceNow > 5, "parameters.retry_after")
        #expect(results[4].attempts.first?.reason == "invalid_recipient", "no to.channel")
        #expect(results.allSatisfy { $0.attempts.allSatisfy { !($0.error ?? "").contains(Self.botToken) } })
        #expect(fake.requests(to: "bot\(Self.botToken)/getMe").allSatisfy { $0.method == "GET" })
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func telegramClassifiesItsErrorDescriptionsAndRefusesAMalformedToken() throws {
        func failure(_ status: Int, _ body: String) -> ProviderFailure {
            TelegramAdapter.failure(ProviderResponse(status: status, headers: [], body: Array(body.utf8), truncated: false))
        }
        let limited = failure(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#)
        #expect(limited.reason == .rateLimited && limited.retryAfter == 7 && limited.providerCode == "429")
        let migrated = failure(400, #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}}"#)
        #expect(migrated.reason == .invalidRecipient && migrated.message.contains("-1001234567890"))
        #expect(failure(403, #"{"ok":false,"error_code":403,"description":"Forbidden: user is deactivated"}"#).reason == .invalidRecipient)
        #expect(failure(400, #"{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}"#).reason == .rejected)
        #expect(failure(404, #"{"ok":false,"error_code":404,"description":"Not Found"}"#).reason == .badCredentials)
        #expect(failure(502, "Bad Gateway").reason == .providerUnavailable)
        #expect(throws: ProviderFailure.self) {
            try TelegramAdapter.url("sendMessage", Credentials(["botToken": .string("123:abc/../../other?x=")]))
        }
        #expect(try TelegramAdapter.url("getMe", Credentials(["botToken": .string(Self.botToken)]))
            == "https://api.telegram.org/bot\(Self.botToken)/getMe")
    }

    @Test func googleChatPostsTextAndCardsToTheSpaceWebhook() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "v1/spaces/AAAAB3NzaC1/messages"
        fake.on(path,
                .respond(status: 200, json: #"{"name":"spaces/AAAAB3NzaC1/messages/kXrGZ1aYyZk.kXrGZ1aYyZk","sender":{"name":"users/114022495153014004089","displayName":"Herald","type":"BOT"},"text":"Deploy finished","thread":{"name":"spaces/AAAAB3NzaC1/threads/kXrGZ1aYyZk"},"space":{"name":"spaces/AAAAB3NzaC1","type":"ROOM"},"createTime":"2024-07-18T10:00:00.000000Z"}"#),
                .respond(status: 403, json: #"{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}"#),
                .respond(status: 400, json: #"{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"cardz\": Cannot find field.","status":"INVALID_ARGUMENT"}}"#),
                // Last: a rate limit passes the integration over for the wait.
                .respond(status: 429, json: #"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#, headers: ["Retry-After": "2"]))
        let url = fake.url(path) + "?key=AIzaSy-key&token=tok-en%3D"
        let cards: JSONValue = .array([.object(["cardId": .string("deploy"), "card": .object([
            "header": .object(["title": .string("Deploy")]),
            "sections": .array([.object(["widgets": .array([.object(["textParagraph": .object(["text": .string("finished")])])])])]),
        ])])])
        let results = try await Self.run("google-chat", [:], [
            ChatAdapterTests.chat(webhook: url, overrides: ["google-chat": .object(["cardsV2": cards, "thread": .object(["threadKey": .string("deploys")])])]),
            ChatAdapterTests.chat(webhook: url), ChatAdapterTests.chat(webhook: url),
            ChatAdapterTests.chat(channel: "spaces/AAAAB3NzaC1"), ChatAdapterTests.chat(webhook: url),
        ])
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "spaces/AAAAB3NzaC1/messages/kXrGZ1aYyZk.kXrGZ1aYyZk")
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.method == "POST" && sent.query == "key=AIzaSy-key&token=tok-en%3D")
        #expect(sent.header("Content-Type") == "application/json; charset=UTF-8" && sent.header("Authorization") == nil)
        #expect(sent.json == .object([
            "text": .string("Deploy finished"), "cardsV2": cards, "thread": .object(["threadKey": .string("deploys")]),
        ]))
        let reasons = results[1...4].map { ($0.attempts.first?.reason, $0.attempts.first?.providerCode) }
        #expect(reasons[0] == ("invalid_recipient", "PERMISSION_DENIED"))
        #expect(reasons[1] == ("rejected", "INVALID_ARGUMENT"))
        #expect(reasons[2].0 == "invalid_recipient", "no to.webhookUrl")
        #expect(reasons[3] == ("rate_limited", "RESOURCE_EXHAUSTED"))
        #expect(fake.requests(to: path).count == 4)
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func slackPostsWithTheBotTokenToTheChannelAndChecksAuthTest() async throws {
        let fake = try await FakeProviderServer.start()
        let path = "api/chat.postMessage"
        fake.on(path,
                .respond(status: 200, json: #"{"ok":true,"channel":"C0123ABCD","ts":"1721296800.000200","message":{"type":"message","subtype":"bot_message","text":"Deploy finished","ts":"1721296800.000200","bot_id":"B0123"}}"#),
                .respond(status: 200, json: #"{"ok":false,"error":"channel_not_found"}"#),
                .respond(status: 200, json: #"{"ok":false,"error":"not_in_channel"}"#),
                .respond(status: 200, json: #"{"ok":false,"error":"invalid_auth"}"#),
                .respond(status: 200, json: #"{"ok":false,"error":"invalid_blocks"}"#),
                // Last: a rate limit passes the integration over for the wait.
                .respond(status: 429, json: #"{"ok":false,"error":"ratelimited"}"#, headers: ["Retry-After": "30"]))
        fake.on("api/auth.test",
                .respond(status: 200, json: #"{"ok":true,"url":"https://acme.slack.com/","team":"Acme","user":"herald","team_id":"T0123","user_id":"U0123","bot_id":"B0123"}"#),
                .respond(status: 200, json: #"{"ok":false,"error":"token_revoked"}"#))
        let hook = "services/T000/B000/XXXX"
        fake.on(hook, .respond(status: 200, json: "ok", headers: ["x-slack-req-id": "req-1"]))
        let blocks: JSONValue = .array([.object(["type": .string("divider")])])
        let credentials: [String: JSONValue] = [
            "applicationId": .string("A0123"), "clientId": .string("1.2"), "secretKey": .string("slack-client-secret"),
            "botToken": .string("xoxb-1234-5678-abcdef"), "baseUrl": .string(fake.url("")),
        ]
        let toChannel = ChatAdapterTests.chat(channel: "C0123ABCD")
        let results = try await Self.run("slack", credentials, [
            ChatAdapterTests.chat(channel: "C0123ABCD", blocks: blocks, overrides: ["slack": .object(["unfurl_links": .bool(false)])]),
            toChannel, toChannel, toChannel, toChannel,
            ChatAdapterTests.chat(webhook: fake.url(hook), channel: "C0123ABCD"), toChannel,
        ]) { herald, integration in
            #expect(await Self.checkFailure(herald, integration) == nil)
            let refused = await Self.checkFailure(herald, integration)
            #expect(refused?.reason == .badCredentials && refused?.providerCode == "token_revoked")
        }
        #expect(results[0].status == .sent && results[0].attempts.first?.messageId == "1721296800.000200")
        let sent = try #require(fake.requests(to: path).first)
        #expect(sent.method == "POST" && sent.header("Authorization") == "Bearer xoxb-1234-5678-abcdef")
        #expect(sent.header("Content-Type") == "application/json; charset=utf-8")
        #expect(sent.json == .object([
            "channel": .string("C0123ABCD"), "text": .string("Deploy finished"), "blocks": blocks, "unfurl_links": .bool(false),
        ]))
        let expected: [(String, String)] = [
            ("invalid_recipient", "channel_not_found"), ("invalid_recipient", "not_in_channel"), ("bad_credentials", "invalid_auth"),
            ("rejected", "invalid_blocks"), ("rate_limited", "ratelimited"),
        ]
        for (result, (reason, code)) in zip([results[1], results[2], results[3], results[4], results[6]], expected) {
            #expect(result.attempts.first?.reason == reason && result.attempts.first?.providerCode == code, "\(code)")
        }
        #expect(results[5].status == .sent && results[5].attempts.first?.messageId == "req-1", "a webhook URL still wins")
        #expect(results[6].nextAttemptAt.timeIntervalSinceNow > 20, "Retry-After")
        #expect(fake.requests(to: hook).first?.header("Authorization") == nil)
        #expect(fake.requests(to: "api/auth.test").allSatisfy { $0.header("Authorization") == "Bearer xoxb-1234-5678-abcdef" })
        #expect(fake.unexpectedPaths.isEmpty)
        await fake.stop()
    }

    @Test func slackWithoutABotTokenHasNothingToCheck() async throws {
        _ = try await Self.run("slack", [
            "applicationId": .string("A0123"), "clientId": .string("1.2"), "secretKey": .string("slack-client-secret"),
        ], []) { herald, integration in
            let failure = await Self.checkFailure(herald, integration)
            #expect(failure?.reason == .misconfigured && failure?.message.contains("offers no check") == true)
        }
    }
}

/// `--ca-file`: a PEM file of extra CA certificates loads (every certificate of it), and a file that cannot be read,
/// holds no PEM certificate or a broken one fails with a one-line message naming the file.
@Suite(.timeLimit(.minutes(2))) struct TrustRootsTests {
    /// A fresh directory with a self-signed CA certificate made by `openssl req -x509` (`ca.pem`) and its key.
    static func makeCA() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", directory.appendingPathComponent("ca.key").path, "-out", directory.appendingPathComponent("ca.pem").path,
            "-days", "1", "-subj", "/CN=Herald Test CA", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl req -x509")
        return directory
    }

    /// The message loading `path` fails with.
    static func failure(_ path: String) -> String? {
        do {
            _ = try TrustRoots.load(caFile: path)
            return nil
        } catch {
            return (error as? TrustRootsError)?.message
        }
    }

    @Test func aPEMFileLoadsEveryCertificateAndBadFilesFailClearly() throws {
        let directory = try Self.makeCA()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pem = try String(contentsOf: directory.appendingPathComponent("ca.pem"), encoding: .utf8)
        let bundle = directory.appendingPathComponent("bundle.pem")
        try (pem + "\n" + pem).write(to: bundle, atomically: true, encoding: .utf8)
        #expect(try TrustRoots.load(caFile: directory.appendingPathComponent("ca.pem").path).certificates.count == 1)
        #expect(try TrustRoots.load(caFile: bundle.path).certificates.count == 2)

        let missing = directory.appendingPathComponent("missing.pem").path
        #expect(Self.failure(missing)?.hasPrefix("CA file \(missing) cannot be read") == true)
        let key = directory.appendingPathComponent("ca.key").path
        #expect(Self.failure(key) == "CA file \(key) holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)")
        let broken = directory.appendingPathComponent("broken.pem")
        try "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n".write(to: broken, atomically: true, encoding: .utf8)
        #expect(Self.failure(broken.path) == "CA file \(broken.path) holds a certificate that is not valid PEM")
        let half = directory.appendingPathComponent("half.pem")
        try (pem + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").write(to: half, atomically: true, encoding: .utf8)
        #expect(Self.failure(half.path) == "CA file \(half.path) holds a certificate that is not valid PEM")
        for message in [missing, key, broken.path, half.path].compactMap(Self.failure) { #expect(!message.contains("\n")) }

        let roots = try TrustRoots.load(caFile: bundle.path)
        #expect(SMTPAdapter(outbound: AddressGuard(), trustRoots: roots).trustRoots.certificates.count == 2)
    }

    @Test func theProviderClientTrustsTheExtraRootsForTLS() async throws {
        let directory = try Self.makeCA()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A TLS server with the CA's own certificate: `openssl s_server -www` answers GET with a status page.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", directory.appendingPathComponent("ca.pem").path,
            "-key", directory.appendingPathComponent("ca.key").path, "-www",
        ]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        var printed = ""
        while !printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().contains(where: { $0.hasPrefix("ACCEPT") }) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(printed.split(separator: "\n").first { $0.hasPrefix("ACCEPT") }?.split(separator: ":").last
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }, "s_server printed \(printed)")
        let url = "https://localhost:\(port)/"

        let plain = ProviderHTTPClient.makeClient()
        let trusting = ProviderHTTPClient.makeClient(trustRoots: try TrustRoots.load(caFile: directory.appendingPathComponent("ca.pem").path))
        do {
            let refused: ProviderFailure? = await {
                do {
                    _ = try await ProviderHTTPClient(client: plain, outbound: AddressGuard()).execute(ProviderRequest("GET", url), timeout: .seconds(1))
                    return nil
                } catch { return error as? ProviderFailure }
            }()
            #expect(refused?.reason == .misconfigured, "without the CA file the private CA is not trusted")
            let answer = try await ProviderHTTPClient(client: trusting, outbound: AddressGuard()).execute(ProviderRequest("GET", url))
            #expect(answer.status == 200)
        }
        try await plain.shutdown()
        try await trusting.shutdown()
    }
}
