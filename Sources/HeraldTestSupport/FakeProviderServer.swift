import Foundation
import HeraldCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A loopback HTTP server standing in for a provider: answers each method and path as scripted, records every
/// request (a test can await the next one instead of sleeping), and answers 418, recorded as unexpected, to any call
/// it was not set up for.
public final class FakeProviderServer: Sendable {
    /// One received request.
    public struct Recorded: Sendable {
        public let method: String
        public let path: String
        public let headers: [String: String]
        public let body: [UInt8]
        /// The raw query string (without `?`), empty when there was none.
        public var query: String = ""
        /// A header's value, by case-insensitive name.
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
        /// The body parsed as JSON, or `.null`.
        public var json: JSONValue { (try? JSONValue.parse(Data(body))) ?? .null }
    }

    /// How to answer a path.
    public enum Behavior: Sendable {
        /// The status with a JSON body and headers.
        case respond(status: Int, json: String, headers: [String: String] = [:])
        /// Wait, then behave as given.
        indirect case delay(Duration, then: Behavior)
        /// The behavior made from the request itself (e.g. an error body that echoes a token the request carried).
        case reply(@Sendable (Recorded) -> Behavior)
    }

    private let scripts = Mutex<[String: [Behavior]]>([:])
    private let log = Mutex<[Recorded]>([])
    private let unexpected = Mutex<[String]>([])
    private let portBox = Mutex<Int>(0)
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let waiters = Mutex<[AsyncStream<Void>.Continuation]>([])

    private init() {}

    /// Starts a server on 127.0.0.1 and a free port.
    public static func start() async throws -> FakeProviderServer {
        let server = FakeProviderServer()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on("**", method: method) { request, _ in try await server.answer(request) }
            router.on("/", method: method) { request, _ in try await server.answer(request) }  // "**" skips the root
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fake-provider")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        server.task.withLock { $0 = Task { try await app.runService() } }
        for await port in stream {
            server.portBox.withLock { $0 = port }
            break
        }
        return server
    }

    /// The URL of a path on this server.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(portBox.withLock { $0 })/\(path)" }

    /// Scripts a path for POST: the behaviors answer successive requests, the last one repeating.
    public func on(_ path: String, _ behaviors: Behavior...) { scripts.withLock { $0["POST /" + path] = behaviors } }

    /// Scripts a method and path (`on(.get, "v3/scopes", …)`).
    public func on(_ method: HTTPRequest.Method, _ path: String, _ behaviors: Behavior...) {
        scripts.withLock { $0["\(method.rawValue) /" + path] = behaviors }
    }

    /// Waits for the next request to a path (any method), without sleeping: returns at once if one arrived after
    /// the `after` count, else when it arrives.
    public func nextRequest(to path: String, after count: Int = 0) async -> Recorded {
        while true {
            let matching = requests(to: path)
            if matching.count > count { return matching[count] }
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
            waiters.withLock { $0.append(continuation) }
            if requests(to: path).count > count { continuation.finish() }
            for await _ in stream { break }
        }
    }

    /// Every request received so far.
    public var requests: [Recorded] { log.withLock { $0 } }

    /// Requests to a path.
    public func requests(to path: String) -> [Recorded] { requests.filter { $0.path == "/" + path } }

    /// Paths that were called without being scripted.
    public var unexpectedPaths: [String] { unexpected.withLock { $0 } }

    /// Stops the server.
    public func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = try? await running?.value
    }

    private func answer(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let path = request.uri.path
        let recorded = Recorded(method: request.method.rawValue, path: path, headers: headers, body: Array(buffer: body),
                                query: request.uri.query ?? "")
        log.withLock { $0.append(recorded) }
        for waiter in waiters.withLock({ list in defer { list.removeAll() }; return list }) { waiter.yield(); waiter.finish() }
        let key = "\(request.method.rawValue) \(path)"
        let behavior: Behavior? = scripts.withLock { scripts in
            guard var queue = scripts[key], !queue.isEmpty else { return nil }
            let next = queue.count > 1 ? queue.removeFirst() : queue[0]
            scripts[key] = queue
            return next
        }
        guard var behavior else {
            unexpected.withLock { $0.append(key) }
            return Response(status: .init(code: 418))
        }
        resolving: while true {
            switch behavior {
            case .delay(let duration, let then):
                try await Task.sleep(for: duration)
                behavior = then
            case .reply(let make):
                behavior = make(recorded)
            case .respond:
                break resolving
            }
        }
        guard case .respond(let status, let json, let extra) = behavior else { return Response(status: .internalServerError) }
        var fields: HTTPFields = [.contentType: "application/json"]
        for (name, value) in extra { fields[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
