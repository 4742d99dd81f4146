import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Sends the webhook outbox: claims due messages with a lease (so many instances share the work), posts each one
/// signed through the ``WebhookTransport``, logs the attempt, and on anything but a 2xx schedules the next attempt
/// by the ``WebhookRetrySchedule`` until it is used up. A `Service`: SIGTERM stops claiming and lets the attempts in
/// flight finish (a message whose lease expires mid-send is sent again; receivers drop it by its `webhook-id`).
public final class WebhookDispatcher: Service, Sendable {
    private let outbox: any WebhookOutbox
    private let transport: any WebhookTransport
    private let doorbell: Doorbell
    private let schedule: WebhookRetrySchedule
    private let owner: String
    private let leaseSeconds: Double
    private let batchSize: Int
    private let pollInterval: Duration
    private let attemptTimeout: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// Creates a dispatcher; `owner` names this instance's leases.
    public init(
        outbox: any WebhookOutbox, transport: any WebhookTransport, doorbell: Doorbell, owner: String,
        schedule: WebhookRetrySchedule = .standard, leaseSeconds: Double = 60, batchSize: Int = 16,
        pollInterval: Duration = .seconds(1), attemptTimeout: Duration = .seconds(15),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.outbox = outbox
        self.transport = transport
        self.doorbell = doorbell
        self.owner = owner
        self.schedule = schedule
        // The lease must outlast an attempt, or another instance would send the message at the same time.
        self.leaseSeconds = max(leaseSeconds, Double(attemptTimeout.components.seconds) * 2 + 5)
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.attemptTimeout = attemptTimeout
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            while !self.stopping.load(ordering: .relaxed) && !Task.isCancelled {
                let claimed: [WebhookDispatch]
                do {
                    let start = self.now()
                    claimed = try await self.outbox.claim(
                        owner: self.owner, limit: self.batchSize, now: start,
                        leaseUntil: start.addingTimeInterval(self.leaseSeconds))
                } catch {
                    self.logger.error("Claiming webhook messages failed", metadata: ["error.type": "\(type(of: error))"])
                    claimed = []
                }
                if !claimed.isEmpty {
                    await withTaskGroup(of: Void.self) { group in
                        for dispatch in claimed { group.addTask { await self.send(dispatch) } }
                    }
                }
                if claimed.count < self.batchSize { await self.doorbell.wait(timeout: self.pollInterval) }
            }
        } onGracefulShutdown: {
            self.stop()
        }
        logger.info("Webhook dispatcher stopped", metadata: ["worker.owner": "\(owner)"])
    }

    /// Stops claiming (tests; SIGTERM does the same through the service group).
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        doorbell.ring()
    }

    /// Makes one attempt and records it; never throws.
    func send(_ dispatch: WebhookDispatch) async {
        var message = dispatch.message
        let started = now()
        let clock = ContinuousClock.now
        let headers = [("Content-Type", "application/json")] + StandardWebhookSignature.headers(
            secret: dispatch.secret, messageId: message.eventId, timestamp: Int64(started.timeIntervalSince1970),
            body: message.body)
        // The URL may carry a token; the secret never appears in an answer, but is removed if it does.
        let redactor = Redactor(secrets: [dispatch.secret.value, dispatch.url])
        var statusCode: Int?
        var error: String?
        do {
            let response = try await transport.post(
                url: dispatch.url, headers: headers, body: message.body, timeout: attemptTimeout)
            statusCode = response.status
            if !(200..<300).contains(response.status) {
                error = Self.snippet("HTTP \(response.status): " + String(decoding: response.body, as: UTF8.self), redactor)
            }
        } catch let failure as ProviderFailure {
            error = Self.snippet(failure.message, redactor)
        } catch let other {
            error = "unexpected error: \(type(of: other))"
        }
        let elapsed = ContinuousClock.now - clock
        let ended = now()
        message.attempts += 1
        message.updatedAt = ended
        if error == nil {
            message.status = .delivered
        } else if let wait = schedule.delay(afterAttempt: message.attempts) {
            message.status = .pending
            message.nextAttemptAt = ended.addingTimeInterval(wait)
        } else {
            message.status = .failed
        }
        let attempt = WebhookAttempt(
            id: Identifiers.objectId(now: ended), messageId: message.id, eventId: message.eventId,
            eventType: message.eventType, endpointId: message.endpointId, environmentId: message.environmentId,
            attempt: message.attempts, statusCode: statusCode, error: error,
            durationMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            createdAt: started)
        do {
            if try await !outbox.record(message, attempt: attempt, owner: owner) {
                logger.warning("Webhook lease lost before saving", metadata: ["webhook.message": "\(message.id)"])
            }
        } catch {
            logger.error("Saving a webhook attempt failed; its lease will expire and it will be sent again",
                         metadata: ["webhook.message": "\(message.id)", "error.type": "\(type(of: error))"])
        }
        logger.debug("Webhook attempt", metadata: [
            "webhook.endpoint": "\(message.endpointId)", "webhook.message": "\(message.id)",
            "webhook.attempt": "\(message.attempts)", "webhook.status": "\(statusCode.map(String.init) ?? "none")",
        ])
    }

    /// Redacted, on one line, at most 120 characters.
    static func snippet(_ text: String, _ redactor: Redactor) -> String {
        let line = redactor.record(text)
        return line.count > 120 ? String(line.prefix(120)) + "…" : line
    }
}
