import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The store contract, run unchanged against SQLite and (when a server is given) PostgreSQL.
@Suite(.timeLimit(.minutes(2))) struct StoreContractTests {
    @Test(arguments: [TestDatabase.Kind.sqlite]) func primaryLifecycle(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.primaryLifecycle($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func concurrentPrimary(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.concurrentPrimary($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func credentialsAreSealed(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.credentialsAreSealedAtRest($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func queueClaimsAndLeases(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.queueClaimsAndLeases($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func leasedEnqueueAndRelease(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.leasedEnqueueAndRelease($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func followUpMarks(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.followUpMarks($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func retention(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.retention($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func idempotentEnqueue(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.idempotentEnqueue($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func deliveryDashboardQueries(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.deliveryDashboardQueries($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func subscribers(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.subscribers($0) }
    }

    @Test(arguments: [TestDatabase.Kind.sqlite]) func webhookOutbox(_ kind: TestDatabase.Kind) async throws {
        try await TestHerald.with(kind) { try await StoreContract.webhookOutbox($0) }
    }
}

/// The same contract on PostgreSQL; the runner reports it skipped, with the reason, when no server is given.
@Suite(
    .timeLimit(.minutes(2)),
    .enabled(if: TestDatabase.postgresServerURL != nil, "HERALD_TEST_POSTGRES_URL is not set (scripts/test sets it)")
)
struct PostgresStoreContractTests {
    @Test func primaryLifecycle() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.primaryLifecycle($0) }
    }

    @Test func concurrentPrimary() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.concurrentPrimary($0) }
    }

    @Test func credentialsAreSealed() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.credentialsAreSealedAtRest($0) }
    }

    @Test func queueClaimsAndLeases() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.queueClaimsAndLeases($0) }
    }

    @Test func webhookOutbox() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.webhookOutbox($0) }
    }

    @Test func leasedEnqueueAndRelease() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.leasedEnqueueAndRelease($0) }
    }

    @Test func followUpMarks() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.followUpMarks($0) }
    }

    @Test func retention() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.retention($0) }
    }

    @Test func idempotentEnqueue() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.idempotentEnqueue($0) }
    }

    @Test func deliveryDashboardQueries() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.deliveryDashboardQueries($0) }
    }

    @Test func subscribers() async throws {
        try await TestHerald.with(.postgres) { try await StoreContract.subscribers($0) }
    }
}
