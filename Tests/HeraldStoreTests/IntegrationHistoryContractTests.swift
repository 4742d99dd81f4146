import HeraldStore
import HeraldTestSupport
import Testing

/// The integration history contract on SQLite and, when a server is given, PostgreSQL.
@Suite(.timeLimit(.minutes(2))) struct IntegrationHistoryContractTests {
    @Test(arguments: TestDatabase.availableKinds) func integrationHistory(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.integrationHistory($0) }
    }
}
