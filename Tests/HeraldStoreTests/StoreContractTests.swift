import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The store contract, run unchanged against every available database.
@Suite(.timeLimit(.minutes(2))) struct StoreContractTests {
    static let kinds = TestDatabase.availableKinds

    @Test(arguments: kinds) func primaryLifecycle(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.primaryLifecycle($0) }
    }

    @Test(arguments: kinds) func concurrentPrimary(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.concurrentPrimary($0) }
    }

    @Test(arguments: kinds) func credentialsAreSealed(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.rotationResealsEverything($0) }
    }

    @Test(arguments: kinds) func queueClaimsAndLeases(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.queueClaimsAndLeases($0) }
    }

    @Test(arguments: kinds) func leasedEnqueueAndRelease(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.leasedEnqueueAndRelease($0) }
    }

    @Test(arguments: kinds) func idempotentEnqueue(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.idempotentEnqueue($0) }
    }

    @Test func postgresSuitesSayWhyTheyAreSkipped() {
        if TestDatabase.postgresServerURL == nil {
            print("note: PostgreSQL store contract skipped: HERALD_TEST_POSTGRES_URL is not set (scripts/test sets it)")
        }
    }
}
