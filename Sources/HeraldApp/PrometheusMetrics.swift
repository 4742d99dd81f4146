import Foundation
import HeraldCore
import HeraldStore
import Prometheus
import Synchronization

/// Herald's Prometheus metrics: deliveries by channel, provider and outcome; attempt latency; queue depth and
/// open circuits (computed when scraped).
public final class PrometheusMetrics: DeliveryMetrics {
    /// The registry the metrics live in.
    public let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Metric handles by label values (the registry's own lookup builds and compares label arrays each time).
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    private let counters = Mutex<[String: Counter]>([:])

    /// Creates an empty registry.
    public init() {}

    public func attempt(
        channel: Channel, providerId: String, outcome: DeliveryAttempt.Outcome, reason: ProviderFailure.Reason?,
        seconds: Double
    ) {
        let labels = [
            ("channel", channel.rawValue), ("provider", providerId), ("outcome", outcome.rawValue),
            ("reason", reason?.rawValue ?? "none"),
        ]
        Self.handle(in: histograms, labels: labels) {
            registry.makeDurationHistogram(
                name: "herald_attempt_duration_seconds", labels: $0, buckets: Self.buckets, help: "Provider call latency")
        }.recordNanoseconds(Int64(seconds * 1e9))
    }

    public func delivery(channel: Channel, providerId: String, status: DeliveryStatus) {
        let labels = [("channel", channel.rawValue), ("provider", providerId), ("outcome", status.rawValue)]
        Self.handle(in: counters, labels: labels) {
            registry.makeCounter(
                name: "herald_deliveries_total", labels: $0, help: "Delivery rounds by their outcome (sent, retrying, failed)")
        }.increment()
    }

    /// The cached handle for these label values, made (and kept) on first use.
    private static func handle<Metric>(
        in cache: borrowing Mutex<[String: Metric]>, labels: [(String, String)], make: ([(String, String)]) -> Metric
    ) -> Metric {
        let key = labels.map(\.1).joined(separator: "\u{1}")
        return cache.withLock { cache in
            if let cached = cache[key] { return cached }
            let made = make(labels)
            cache[key] = made
            return made
        }
    }

    /// Renders the exposition text after refreshing the queue depth and open-circuit gauges.
    public func render(deliveries: any DeliveryStore, breakers: CircuitBreakers) async -> String {
        let depth = (try? await deliveries.queueDepth()) ?? 0
        registry.makeGauge(name: "herald_queue_depth", help: "Deliveries queued, retrying or being sent").set(to: Double(depth))
        registry.makeGauge(name: "herald_open_circuits", help: "Integrations whose circuit is open (this instance)")
            .set(to: Double(breakers.openCircuits().count))
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
