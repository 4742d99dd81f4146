import HeraldCore

/// Group commit for the outbox: concurrent enqueues are written together in one transaction (and one multi-row
/// INSERT), so the database's single writer is not paid for once per notification. Each caller still gets its own
/// result; if a whole batch fails (say another instance took an idempotency key meanwhile), its items are written
/// again one at a time.
actor EnqueueBatcher {
    typealias Write = @Sendable ([(Delivery, String)]) async throws -> [Result<(Delivery, Bool), any Error>]

    private struct Item {
        let delivery: Delivery
        let request: String
        let continuation: CheckedContinuation<(Delivery, Bool), any Error>
    }

    private var pending: [Item] = []
    private var draining = false
    private let write: Write
    private let maxBatch: Int

    init(maxBatch: Int = 200, write: @escaping Write) {
        self.maxBatch = maxBatch
        self.write = write
    }

    /// Enqueues one delivery (with its sealed request) and waits for the batch holding it to commit.
    func submit(_ delivery: Delivery, request: String) async throws -> (Delivery, Bool) {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Item(delivery: delivery, request: request, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let results = try await write(batch.map { ($0.delivery, $0.request) })
                for (item, result) in zip(batch, results) { item.continuation.resume(with: result) }
            } catch {
                for item in batch {
                    do {
                        item.continuation.resume(with: try await write([(item.delivery, item.request)])[0])
                    } catch {
                        item.continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }
}
