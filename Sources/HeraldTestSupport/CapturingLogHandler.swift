import Logging
import Synchronization

/// A log handler that keeps every rendered line in memory, so tests can search logs for secrets.
public struct CapturingLogHandler: LogHandler {
    /// The shared buffer of rendered lines.
    public final class Buffer: Sendable {
        private let lines = Mutex<[String]>([])

        /// Creates an empty buffer.
        public init() {}

        func append(_ line: String) { lines.withLock { $0.append(line) } }

        /// Every line logged so far.
        public var all: [String] { lines.withLock { $0 } }

        /// All lines joined by newlines.
        public var text: String { all.joined(separator: "\n") }
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace
    private let buffer: Buffer

    /// Creates a handler writing into `buffer`.
    public init(buffer: Buffer) { self.buffer = buffer }

    /// A logger at trace level that writes into `buffer`.
    public static func logger(_ buffer: Buffer, label: String = "test") -> Logger {
        Logger(label: label) { _ in CapturingLogHandler(buffer: buffer) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        let merged = self.metadata.merging(metadata ?? [:]) { _, new in new }
        buffer.append("\(level) \(message) \(merged) \(source)")
    }
}
