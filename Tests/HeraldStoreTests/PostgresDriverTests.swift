import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// `PostgresDriver` without a server: nothing listening is the connect timeout's one-line error (postgres-nio alone would
/// retry forever), and the pool that ran in `withConnected`'s child task has stopped when it returns (the suite's time
/// limit catches a hang). No wall-clock bound: under a loaded test run the 300 ms can stretch to seconds.
@Suite(.timeLimit(.minutes(1))) struct PostgresDriverTests {
    @Test func noServerFailsWithinTheTimeout() async throws {
        let logs = CapturingLogHandler.Buffer()
        await #expect(throws: HeraldError.unavailable(
            "Cannot connect to PostgreSQL at 127.0.0.1:1/none (check host, port, user, password and database)")
        ) {
            try await PostgresDriver.withConnected(
                host: "127.0.0.1", port: 1, user: "nobody", password: "not-logged", database: "none",
                timeout: .milliseconds(300), logger: CapturingLogHandler.logger(logs)
            ) { _ in Issue.record("connected to nothing") }
        }
        #expect(!logs.text.contains("not-logged"))
    }
}
