import Foundation
import HeraldSMTP

/// One integration's SMTP connections: at most `limit` open at once (senders beyond it wait their turn), idle ones
/// reused after an RSET, closed after `idleTimeout` unused, all closed on shutdown.
actor SMTPPool {
    private let configuration: SMTPConfiguration
    private let limit: Int
    private let idleTimeout: Duration
    private let connect: @Sendable (SMTPConfiguration) async throws -> SMTPConnection
    private var idle: [(connection: SMTPConnection, since: ContinuousClock.Instant)] = []
    private var open = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    private var nextWaiter: UInt64 = 0
    private var closed = false

    init(
        _ configuration: SMTPConfiguration, limit: Int = 4, idleTimeout: Duration = .seconds(30),
        connect: @escaping @Sendable (SMTPConfiguration) async throws -> SMTPConnection = { try await SMTPConnection.connect($0) }
    ) {
        self.configuration = configuration
        self.limit = max(1, limit)
        self.idleTimeout = idleTimeout
        self.connect = connect
    }

    /// Runs `body` with a connection of the pool; a connection that failed is closed instead of reused.
    func with<T: Sendable>(_ body: @Sendable (SMTPConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection, healthy: true)
            return result
        } catch {
            // A refused message leaves a usable session (the client sent RSET); anything else may not.
            let healthy = (error as? SMTPError).map { if case .reply = $0.kind { true } else { false } } ?? false
            await release(connection, healthy: healthy && connection.isActive)
            throw error
        }
    }

    /// How many connections are open (in use or idle).
    var openCount: Int { open }

    private func acquire() async throws -> SMTPConnection {
        while true {
            if closed { throw SMTPError(.connection, "the integration's SMTP pool is shut down") }
            let now = ContinuousClock.now
            while let (connection, since) = idle.popLast() {
                if now - since > idleTimeout || !connection.isActive {
                    open -= 1
                    Task { await connection.quit() }
                    continue
                }
                do {
                    try await connection.reset()
                    return connection
                } catch {
                    open -= 1
                    Task { await connection.quit() }
                }
            }
            if open < limit {
                open += 1
                do {
                    return try await connect(configuration)
                } catch {
                    open -= 1
                    resumeOne()
                    throw error
                }
            }
            // Wait for a connection to come back; a cancelled sender (its attempt's deadline) stops waiting.
            nextWaiter += 1
            let id = nextWaiter
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled { continuation.resume() } else { waiters.append((id, continuation)) }
                }
            } onCancel: {
                Task { await self.cancelWaiter(id) }
            }
            try Task.checkCancellation()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        if let index = waiters.firstIndex(where: { $0.id == id }) { waiters.remove(at: index).continuation.resume() }
    }

    private func release(_ connection: SMTPConnection, healthy: Bool) async {
        if healthy && !closed {
            idle.append((connection, .now))
        } else {
            open -= 1
            await connection.quit()
        }
        resumeOne()
    }

    private func resumeOne() {
        if !waiters.isEmpty { waiters.removeFirst().continuation.resume() }
    }

    /// Closes every idle connection and refuses new work; connections in use close when they are released.
    func shutdown() async {
        closed = true
        let connections = idle.map(\.connection)
        idle.removeAll()
        open -= connections.count
        for waiter in waiters { waiter.continuation.resume() }
        waiters.removeAll()
        for connection in connections { await connection.quit() }
    }
}
