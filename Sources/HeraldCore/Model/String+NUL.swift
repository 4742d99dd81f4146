extension String {
    /// Whether the text holds a NUL character, which PostgreSQL text cannot store: request fields refuse it, and a
    /// path id with one names nothing.
    public var containsNUL: Bool { unicodeScalars.contains("\u{0}") }
}
