import Foundation
import HeraldCore
import HeraldHTTP
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing

/// Connections that stay silent, dribble, or pile up, and malformed chunked bodies (security issue, defects 4 and 7).
@Suite(.timeLimit(.minutes(2))) struct ConnectionLimitTests {
    static func live(
        _ herald: TestHerald, governor: ConnectionGovernor, idleTimeout: Duration = .seconds(30),
        _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        // Run the server directly (no test client: its own connection would count against the cap).
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: buildRouter(herald.runtime.httpDependencies),
            server: .herald(governor: governor, idleTimeout: idleTimeout, logger: herald.logger),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: herald.logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: herald.logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            try await body(port)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    @Test func aSilentConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await TestHerald.with { herald in
            let governor = ConnectionGovernor(maxConnections: 64, requestReadTimeout: .seconds(30))
            try await Self.live(herald, governor: governor, idleTimeout: .milliseconds(300)) { port in
                let silent = try RawConnection(port: port)
                let outcome = await silent.readUntilClosed(timeout: .seconds(20))
                #expect(outcome.closed, "the server closed the silent connection")
                #expect(outcome.text.isEmpty)
            }
        }
    }

    @Test func aDribbledBodyIsCutOffByTheReadDeadline() async throws {
        try await TestHerald.with { herald in
            let governor = ConnectionGovernor(maxConnections: 64, requestReadTimeout: .milliseconds(500))
            try await Self.live(herald, governor: governor) { port in
                let slow = try RawConnection(port: port)
                slow.send("POST /v1/deliveries HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey \(herald.apiKey)\r\n"
                          + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{")
                let dribbling = Task.detached {
                    for _ in 0..<200 where !Task.isCancelled {
                        slow.send(" ")
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
                let outcome = await slow.readUntilClosed(timeout: .seconds(20))
                dribbling.cancel()
                #expect(outcome.closed, "a body dribbled for longer than the deadline loses its connection")
            }
        }
    }

    @Test func atTheCapTheLongestIdleConnectionMakesRoom() async throws {
        try await TestHerald.with { herald in
            let governor = ConnectionGovernor(maxConnections: 4, requestReadTimeout: .seconds(30))
            try await Self.live(herald, governor: governor) { port in
                var idle: [RawConnection] = []
                for _ in 0..<4 {
                    idle.append(try RawConnection(port: port))
                    // Each is registered before the next opens, so their idle order is their opening order.
                    let expected = idle.count
                    while governor.counts.open < expected { await Task.yield() }
                }
                let fresh = try RawConnection(port: port)
                fresh.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                let answer = await fresh.read(until: "\"ok\"", timeout: .seconds(20))
                #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
                let oldest = await idle[0].readUntilClosed(timeout: .seconds(20))
                #expect(oldest.closed, "the longest-idle connection was closed for the new one")
                #expect(governor.counts.shed >= 1)
                #expect(governor.counts.open <= 4)
            }
        }
    }

    @Test func malformedChunkedBodiesAre400InNovusShape() async throws {
        try await TestHerald.with { herald in
            let governor = ConnectionGovernor(maxConnections: 64, requestReadTimeout: .seconds(30))
            try await Self.live(herald, governor: governor) { port in
                for chunk in ["zz\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
                              "2\r\n{}XYZ\r\n0\r\n\r\n"] {
                    let connection = try RawConnection(port: port)
                    connection.send("POST /v1/integrations HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey \(herald.apiKey)\r\n"
                                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)
                    let answer = await connection.read(until: "}", timeout: .seconds(20))
                    #expect(answer.hasPrefix("HTTP/1.1 400"), "\(chunk.debugDescription): \(answer)")
                    #expect(answer.contains(#""statusCode":400"#), "\(chunk.debugDescription): \(answer)")
                }
                // A malformed request line or header: one 400 in Novu's shape, then the connection closes.
                for head in ["GARBAGE\r\n\r\n", "GET /health HTTP/1.1\r\nBad Header\r\n\r\n"] {
                    let connection = try RawConnection(port: port)
                    connection.send(head)
                    let outcome = await connection.readUntilClosed(timeout: .seconds(20))
                    #expect(outcome.closed && outcome.text.hasPrefix("HTTP/1.1 400"), "\(head.debugDescription): \(outcome.text)")
                    #expect(outcome.text.contains(#""statusCode":400"#), "\(outcome.text)")
                }
                // A bad body the route never reads: its real answer, and no second response after it.
                let unread = try RawConnection(port: port)
                unread.send("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                let single = await unread.readUntilClosed(timeout: .seconds(20))
                #expect(single.closed)
                #expect(single.text.components(separatedBy: "HTTP/1.1 ").count == 2, "one response: \(single.text)")
                // A client that gives up mid-upload is not a server error.
                let aborted = try RawConnection(port: port)
                aborted.send("POST /v1/integrations HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey \(herald.apiKey)\r\n"
                             + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pro")
                aborted.finishSending()
                _ = await aborted.readUntilClosed(timeout: .seconds(20))
                let check = try RawConnection(port: port)
                check.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                _ = await check.readUntilClosed(timeout: .seconds(20))
            }
            let errors = herald.logs.all.filter { $0.hasPrefix("error") || $0.hasPrefix("critical") }
            #expect(errors.isEmpty, "\(errors)")
            #expect(herald.logs.all.contains { $0.hasPrefix("debug Request body aborted") })
        }
    }

    @Test func governorShedsTheLongestIdleAndRefusesWhenAllAreBusy() {
        let clock = Locked(ContinuousClock.now)
        let governor = ConnectionGovernor(maxConnections: 2, requestReadTimeout: .seconds(1), now: { clock.withLock { $0 } })
        let closed = Locked<[Int]>([])
        final class Token {}
        let tokens = (0..<5).map { _ in Token() }
        func open(_ index: Int) -> Bool {
            clock.withLock { $0 += .seconds(1) }
            return governor.opened(ObjectIdentifier(tokens[index])) { closed.withLock { $0.append(index) } }
        }
        #expect(open(0) && open(1))
        governor.busy(ObjectIdentifier(tokens[0]))
        #expect(open(2), "connection 1 is idle: it makes room")
        #expect(closed.withLock { $0 } == [1])
        governor.busy(ObjectIdentifier(tokens[2]))
        #expect(!open(3), "every connection is busy: the new one is refused")
        clock.withLock { $0 += .seconds(1) }
        governor.idle(ObjectIdentifier(tokens[2]))
        clock.withLock { $0 += .seconds(1) }
        governor.idle(ObjectIdentifier(tokens[0]))
        #expect(open(4), "the longest idle (2, idle before 0) makes room")
        #expect(closed.withLock { $0 } == [1, 2])
        #expect(governor.counts == (open: 2, shed: 2, refused: 1))
        governor.closed(ObjectIdentifier(tokens[0]))
        #expect(governor.counts.open == 1)
        #expect(ConnectionGovernor.defaultMaxConnections(descriptorLimit: 256) == 144)
        #expect(ConnectionGovernor.defaultMaxConnections(descriptorLimit: 1_048_576) == 10_000)
    }
}
