import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

// Benchmark helpers for scripts/bench/delivery.sh (not part of Herald):
//   herald-bench sink --port P                 a loopback webhook sink counting POSTs (GET /count)
//   herald-bench loop --url U --count N --concurrency C
//                                              the baseline: a plain AsyncHTTPClient loop posting to the sink
//   herald-bench enqueue --url HERALD --key K --sink S --count N --concurrency C
//                                              POST /v1/deliveries N times, then wait until the sink has them all
//   herald-bench relay --port P --sink S --concurrency C
//                                              the ceiling: a stateless relay answering 202 to each POST and then
//                                              posting it to the sink with AsyncHTTPClient (C at a time), nothing
//                                              stored: what Herald's HTTP stack alone costs
// and for scripts/bench/smtp.sh:
//   herald-bench smtp-sink --port P --count-port Q
//                                              a loopback SMTP sink on SwiftNIO counting accepted messages (GET /count
//                                              on port Q)
//   herald-bench smtp --port P --count N --concurrency C --client pooled|per-message
//                                              sends N emails to the sink through Herald's SMTP adapter (one session,
//                                              its pool) or with a new SMTPConnection per message
//   herald-bench smtp-message                  prints the email they send (MIME), for the plain client

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String? = nil) -> String {
    if let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count { return arguments[index + 1] }
    guard let fallback else { fatalError("missing --\(name)") }
    return fallback
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

let counter = Counter()

func runSink(port: Int) async throws {
    let router = Router()
    router.post("hook") { request, _ -> Response in
        var request = request
        _ = try await request.collectBody(upTo: 1 << 20)
        _ = counter.next()
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"id":"ok"}"#)))
    }
    router.get("count") { _, _ in "\(counter.value.load(ordering: .relaxed))" }
    var logger = Logger(label: "sink")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    try await app.runService()
}

func post(_ client: HTTPClient, _ url: String, _ body: String, headers: [(String, String)] = []) async throws -> (Int, ByteBuffer) {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await client.execute(request, timeout: .seconds(30))
    return (Int(response.status.code), try await response.body.collect(upTo: 1 << 20))
}

func parallel(count: Int, concurrency: Int, _ work: @escaping @Sendable (Int) async throws -> Void) async throws {
    let next = Counter()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                while true {
                    let index = next.next()
                    if index >= count { return }
                    try await work(index)
                }
            }
        }
        try await group.waitForAll()
    }
}

func sinkCount(_ client: HTTPClient, _ sink: String) async throws -> Int {
    let response = try await client.execute(HTTPClientRequest(url: sink.replacingOccurrences(of: "/hook", with: "/count")), timeout: .seconds(5))
    return Int(String(buffer: try await response.body.collect(upTo: 1024))) ?? 0
}

/// Answers 202 at once and forwards each body to the sink from `concurrency` sender tasks (round robin), like
/// Herald's workers.
func runRelay(port: Int, sink: String, concurrency: Int) async throws {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let queues = (0..<concurrency).map { _ in AsyncStream.makeStream(of: ByteBuffer.self) }
    let turn = Counter()
    let router = Router()
    router.post("relay") { request, _ -> Response in
        var request = request
        queues[turn.next() % concurrency].continuation.yield(try await request.collectBody(upTo: 1 << 20))
        return Response(status: .accepted, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"data":{"status":"queued"}}"#)))
    }
    var logger = Logger(label: "relay")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (stream, _) in queues {
            group.addTask {
                for await body in stream {
                    let (status, _) = try await post(client, sink, String(buffer: body))
                    precondition(status == 200)
                }
            }
        }
        group.addTask {
            try await app.runService()  // returns on SIGTERM/SIGINT
            for (_, continuation) in queues { continuation.finish() }
        }
        try await group.waitForAll()
    }
    try await client.shutdown()
}

let mode = arguments.count > 1 ? arguments[1] : ""
switch mode {
case "sink":
    try await runSink(port: Int(option("port"))!)
case "relay":
    try await runRelay(port: Int(option("port"))!, sink: option("sink"), concurrency: Int(option("concurrency"))!)
case "loop":
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let url = option("url"), count = Int(option("count"))!, concurrency = Int(option("concurrency"))!
    let start = ContinuousClock.now
    try await parallel(count: count, concurrency: concurrency) { index in
        let (status, _) = try await post(client, url, #"{"content":"message \#(index)"}"#)
        precondition(status == 200)
    }
    let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18 + Double((ContinuousClock.now - start).components.seconds)
    print(String(format: "loop %d in %.3f s: %.0f/s", count, seconds, Double(count) / seconds))
    try? await client.shutdown()
case "enqueue":
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let url = option("url"), key = option("key"), sink = option("sink")
    let count = Int(option("count"))!, concurrency = Int(option("concurrency"))!
    let before = try await sinkCount(client, sink)
    let latencies = Mutex<[Double]>([])
    let start = ContinuousClock.now
    try await parallel(count: count, concurrency: concurrency) { index in
        let began = ContinuousClock.now
        let (status, body) = try await post(
            client, url + "/v1/deliveries",
            #"{"channel":"chat","to":{"webhookUrl":"\#(sink)"},"content":{"content":"message \#(index)"}}"#,
            headers: [("Authorization", "ApiKey " + key)])
        guard status == 202 else { fatalError("enqueue answered \(status): \(String(buffer: body))") }
        let elapsed = ContinuousClock.now - began
        latencies.withLock { $0.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15) }
    }
    while try await sinkCount(client, sink) < before + count { try await Task.sleep(for: .milliseconds(5)) }
    let total = ContinuousClock.now - start
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    let sorted = latencies.withLock { $0.sorted() }
    let p50 = sorted[sorted.count / 2], p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    print(String(format: "herald %d in %.3f s: %.0f/s enqueue p50 %.2f ms p99 %.2f ms", count, seconds, Double(count) / seconds, p50, p99))
    try? await client.shutdown()
case "smtp-sink":
    try await runSMTPSink(port: Int(option("port"))!, countPort: Int(option("count-port"))!)
case "smtp":
    let host = option("host", "127.0.0.1"), port = Int(option("port"))!
    let count = Int(option("count"))!, concurrency = Int(option("concurrency"))!
    let client = option("client")
    let seconds: Double
    switch client {
    case "pooled": seconds = try await SMTPBench.pooled(host: host, port: port, count: count, concurrency: concurrency)
    case "per-message": seconds = try await SMTPBench.perMessage(host: host, port: port, count: count, concurrency: concurrency)
    default: fatalError("--client must be pooled or per-message")
    }
    print("\(client) " + String(format: "%d in %.3f s: %.0f/s", count, seconds, Double(count) / seconds))
case "smtp-message":
    FileHandle.standardOutput.write(Data(SMTPBench.document()))
default:
    print("usage: herald-bench sink|loop|enqueue|relay|smtp-sink|smtp|smtp-message …")
}
