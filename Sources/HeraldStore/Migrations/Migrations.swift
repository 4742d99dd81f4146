/// The schema history, oldest first. Never edit a released step; append a new one.
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "tenancy and integrations") { _ in
            [
                """
                CREATE TABLE organizations (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE environments (
                    id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id),
                    name TEXT NOT NULL, api_key_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,
                    UNIQUE (organization_id, name))
                """,
                "CREATE TABLE admin_tokens (token_hash TEXT PRIMARY KEY, created_at BIGINT NOT NULL)",
                """
                CREATE TABLE integrations (
                    id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id),
                    organization_id TEXT NOT NULL, name TEXT NOT NULL, identifier TEXT NOT NULL,
                    provider_id TEXT NOT NULL, channel TEXT NOT NULL, credentials TEXT NOT NULL,
                    configurations TEXT NOT NULL, active BOOLEAN NOT NULL, deleted BOOLEAN NOT NULL,
                    deleted_at BIGINT, deleted_by TEXT, is_primary BOOLEAN NOT NULL, priority INTEGER NOT NULL,
                    conditions TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                """
                CREATE UNIQUE INDEX integrations_live_identifier ON integrations (environment_id, identifier)
                    WHERE deleted = false
                """,
                """
                CREATE UNIQUE INDEX integrations_one_primary ON integrations (environment_id, channel)
                    WHERE is_primary = true AND deleted = false
                """,
                "CREATE INDEX integrations_environment_channel ON integrations (environment_id, channel)",
                "CREATE INDEX integrations_organization ON integrations (organization_id)",
            ]
        },
        Migration(version: 2, name: "deliveries outbox") { _ in
            [
                """
                CREATE TABLE deliveries (
                    id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id),
                    organization_id TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL,
                    request TEXT NOT NULL, attempts TEXT NOT NULL, dropped TEXT NOT NULL, round INTEGER NOT NULL,
                    next_attempt_at BIGINT NOT NULL, lease_owner TEXT, lease_expires_at BIGINT,
                    idempotency_key TEXT, request_hash TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)",
                "CREATE INDEX deliveries_environment_created ON deliveries (environment_id, created_at)",
                """
                CREATE UNIQUE INDEX deliveries_idempotency ON deliveries (environment_id, idempotency_key)
                    WHERE idempotency_key IS NOT NULL
                """,
            ]
        },
        Migration(version: 3, name: "in-app inbox") { _ in
            [
                """
                CREATE TABLE inbox_messages (
                    id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id),
                    subscriber_id TEXT NOT NULL, delivery_id TEXT NOT NULL, title TEXT, content TEXT NOT NULL,
                    data TEXT, is_read BOOLEAN NOT NULL, is_seen BOOLEAN NOT NULL, created_at BIGINT NOT NULL,
                    UNIQUE (environment_id, delivery_id))
                """,
                "CREATE INDEX inbox_subscriber ON inbox_messages (environment_id, subscriber_id, created_at)",
            ]
        },
        Migration(version: 4, name: "integration revisions") { _ in
            ["ALTER TABLE environments ADD COLUMN integrations_revision BIGINT NOT NULL DEFAULT 0"]
        },
        Migration(version: 5, name: "subscribers") { _ in
            [
                """
                CREATE TABLE subscribers (
                    id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id),
                    organization_id TEXT NOT NULL, subscriber_id TEXT NOT NULL, first_name TEXT, last_name TEXT,
                    email TEXT, phone TEXT, avatar TEXT, locale TEXT, data TEXT, channels TEXT NOT NULL,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                    UNIQUE (environment_id, subscriber_id))
                """,
                "CREATE INDEX subscribers_environment_created ON subscribers (environment_id, created_at)",
            ]
        },
    ]
}
