import Foundation
import HeraldCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Resolves host names with the system resolver (`getaddrinfo`, which blocks) on a small fixed set of threads with
/// a bounded queue: lookups beyond the queue fail at once, and a caller waits at most `timeout` (the lookup may
/// finish later; its thread is not lost, only busy). No thread is started per lookup.
public final class SystemResolver: Sendable {
    /// The process-wide resolver: 4 threads, 256 queued lookups, 5 s per lookup.
    public static let shared = SystemResolver(threads: 4, queueLimit: 256, timeout: .seconds(5), lookup: SystemResolver.getaddrinfo)

    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var started = false
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let threads: Int
    private let queueLimit: Int
    private let timeout: Duration
    private let lookup: @Sendable (String) -> [String]?

    /// Creates a resolver over a blocking `lookup` (nil = the name cannot be resolved).
    public init(threads: Int, queueLimit: Int, timeout: Duration, lookup: @escaping @Sendable (String) -> [String]?) {
        self.threads = max(1, threads)
        self.queueLimit = max(1, queueLimit)
        self.timeout = timeout
        self.lookup = lookup
    }

    /// The host's addresses; throws a retryable ``ProviderFailure`` when it cannot be resolved, the queue is full or
    /// the lookup takes longer than the timeout.
    public func addresses(for host: String) async throws -> [String] {
        let pending = Pending()
        return try await withCheckedThrowingContinuation { continuation in
            pending.state.withLock { $0.continuation = continuation }
            let lookup = self.lookup
            let accepted = enqueue {
                if let addresses = lookup(host), !addresses.isEmpty {
                    pending.finish(.success(addresses))
                } else {
                    pending.finish(.failure(.init(.connection, "the host cannot be resolved")))
                }
            }
            guard accepted else {
                pending.finish(.failure(.init(.connection, "the resolver is busy")))
                return
            }
            let timeout = self.timeout
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { pending.finish(.failure(.init(.timeout, "the host name lookup timed out"))) }
            }
            if !pending.state.withLock({ state in
                guard state.continuation != nil else { return false }
                state.timer = timer
                return true
            }) { timer.cancel() }
        }
    }

    /// One caller's wait: resumed once, by the lookup or by the timer.
    private final class Pending: Sendable {
        struct State {
            var continuation: CheckedContinuation<[String], any Error>?
            var timer: Task<Void, Never>?
        }
        let state = Mutex(State())

        func finish(_ result: Result<[String], ProviderFailure>) {
            let (continuation, timer) = state.withLock { state in
                defer { state.continuation = nil; state.timer = nil }
                return (state.continuation, state.timer)
            }
            timer?.cancel()
            continuation?.resume(with: result.mapError { $0 as any Error })
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        let (accepted, start) = state.withLock { state -> (Bool, Bool) in
            guard state.jobs.count < queueLimit else { return (false, false) }
            state.jobs.append(job)
            defer { state.started = true }
            return (true, !state.started)
        }
        if start {
            for _ in 0..<threads { Thread.detachNewThread { [self] in run() } }
        }
        if accepted { wakeUp.signal() }
        return accepted
    }

    private func run() {
        while true {
            wakeUp.wait()
            let job = state.withLock { $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }
            job?()
        }
    }

    /// `getaddrinfo` for stream sockets, numeric results.
    @Sendable public static func getaddrinfo(_ host: String) -> [String]? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard Glibc.getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count),
                           nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}
