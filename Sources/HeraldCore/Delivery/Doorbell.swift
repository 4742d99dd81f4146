import Synchronization

/// Wakes idle workers when work is enqueued in this process (other instances poll).
public final class Doorbell: Sendable {
    private let generation = Mutex<(count: UInt64, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    /// Creates a doorbell.
    public init() {}

    /// Wakes every waiter.
    public func ring() {
        let waiters = generation.withLock { state in
            state.count &+= 1
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits for a ring or the timeout, whichever comes first.
    public func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    self.generation.withLock { $0.waiters.append(continuation) }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // Release a still-parked waiter so the group can finish.
            self.ringWaitersOnly()
            await group.waitForAll()
        }
    }

    private func ringWaitersOnly() {
        let waiters = generation.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
