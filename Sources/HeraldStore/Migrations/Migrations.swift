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
        Migration(version: 6, name: "provider events") { _ in
            [
                "ALTER TABLE deliveries ADD COLUMN provider_id TEXT",
                "ALTER TABLE deliveries ADD COLUMN message_id TEXT",
                """
                CREATE INDEX deliveries_provider_message ON deliveries (provider_id, message_id)
                    WHERE message_id IS NOT NULL
                """,
                """
                CREATE TABLE provider_events (
                    id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL, integration_id TEXT NOT NULL,
                    provider_id TEXT NOT NULL, message_id TEXT, status TEXT NOT NULL, provider_status TEXT NOT NULL,
                    occurred_at BIGINT NOT NULL, received_at BIGINT NOT NULL, recipient TEXT, detail TEXT,
                    verified BOOLEAN NOT NULL, provider_event_id TEXT)
                """,
                "CREATE INDEX provider_events_delivery ON provider_events (delivery_id, received_at)",
                """
                CREATE UNIQUE INDEX provider_events_once ON provider_events (delivery_id, provider_event_id)
                    WHERE provider_event_id IS NOT NULL
                """,
            ]
        },
        Migration(version: 7, name: "webhook endpoints") { _ in
            [
                """
                CREATE TABLE webhook_endpoints (
                    id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id),
                    organization_id TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, enabled BOOLEAN NOT NULL,
                    description TEXT, secret TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX webhook_endpoints_environment ON webhook_endpoints (environment_id, created_at)",
                """
                CREATE TABLE webhook_messages (
                    id TEXT PRIMARY KEY, event_id TEXT NOT NULL, event_type TEXT NOT NULL, endpoint_id TEXT NOT NULL,
                    environment_id TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
                    next_attempt_at BIGINT NOT NULL, lease_owner TEXT, lease_expires_at BIGINT,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                    UNIQUE (endpoint_id, event_id))
                """,
                "CREATE INDEX webhook_messages_due ON webhook_messages (status, next_attempt_at)",
                """
                CREATE TABLE webhook_attempts (
                    id TEXT PRIMARY KEY, message_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
                    endpoint_id TEXT NOT NULL, environment_id TEXT NOT NULL, attempt INTEGER NOT NULL,
                    status_code INTEGER, error TEXT, duration_ms INTEGER NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, created_at)",
            ]
        },
        Migration(version: 8, name: "integration history") { dialect in
            let sequence = dialect == .postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                """
                CREATE TABLE integration_history (
                    seq \(sequence), integration_id TEXT NOT NULL, environment_id TEXT NOT NULL,
                    organization_id TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_environment_id TEXT,
                    action TEXT NOT NULL, changes TEXT NOT NULL, credential_keys TEXT NOT NULL, caused_by TEXT,
                    created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX integration_history_integration ON integration_history (integration_id, seq)",
            ]
        },
        Migration(version: 9, name: "delivery follow-up marks") { _ in
            [
                // What a saved outcome still owes (`<event>:<attempts>`) and when a sweep may take it over.
                "ALTER TABLE deliveries ADD COLUMN follow_up TEXT",
                "ALTER TABLE deliveries ADD COLUMN follow_up_at BIGINT",
                // Only marked rows are indexed: the sweep reads them earliest first; most rows are never marked.
                "CREATE INDEX deliveries_follow_up ON deliveries (follow_up_at) WHERE follow_up IS NOT NULL",
            ]
        },
        Migration(version: 10, name: "retention") { _ in
            // Retention removes webhook attempts by age across endpoints (deleted endpoints' attempts too).
            ["CREATE INDEX webhook_attempts_created ON webhook_attempts (created_at)"]
        },
    ]
}
