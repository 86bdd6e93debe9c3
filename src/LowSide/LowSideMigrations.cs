using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide;

/// <summary>
/// The low side's schema history, each version for SQLite and for PostgreSQL (<see cref="Migration.Portable"/> where the
/// statements are the same; otherwise BIGINT where SQLite says INTEGER, since PostgreSQL's INTEGER has 32 bits). Never edit a
/// released migration: add the next one.
/// </summary>
internal static class LowSideMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "requests-batches-receipts", """
            CREATE TABLE requests (
                id              TEXT PRIMARY KEY,
                kind            TEXT NOT NULL,
                source          TEXT NOT NULL,
                name            TEXT NULL,
                version         TEXT NULL,
                platforms       TEXT NULL,
                expected_sha256 TEXT NULL,
                requester       TEXT NOT NULL,
                justification   TEXT NOT NULL,
                ticket          TEXT NULL,
                status          TEXT NOT NULL,
                failure         TEXT NULL,
                resolved_digest TEXT NULL,
                media_type      TEXT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                created_utc     TEXT NOT NULL,
                updated_utc     TEXT NOT NULL
            );
            CREATE INDEX requests_status ON requests (status);

            CREATE TABLE request_blobs (
                request_id TEXT NOT NULL REFERENCES requests (id),
                position   INTEGER NOT NULL,
                digest     TEXT NOT NULL,
                size       INTEGER NOT NULL,
                PRIMARY KEY (request_id, position)
            );

            CREATE TABLE batches (
                id              TEXT PRIMARY KEY,
                sequence        INTEGER NOT NULL UNIQUE,
                status          TEXT NOT NULL,
                media_directory TEXT NOT NULL,
                volume_size     INTEGER NOT NULL,
                volume_count    INTEGER NULL,
                payload_bytes   INTEGER NULL,
                manifest_sha256 TEXT NULL,
                failure         TEXT NULL,
                created_utc     TEXT NOT NULL,
                shipped_utc     TEXT NULL
            );

            CREATE TABLE batch_requests (
                batch_id   TEXT NOT NULL REFERENCES batches (id),
                request_id TEXT NOT NULL REFERENCES requests (id),
                PRIMARY KEY (batch_id, request_id)
            );

            CREATE TABLE receipts (
                sha256       TEXT PRIMARY KEY,
                site_id      TEXT NOT NULL,
                key_id       TEXT NOT NULL,
                created_utc  TEXT NOT NULL,
                blob_count   INTEGER NOT NULL,
                imported_utc TEXT NOT NULL
            );

            CREATE TABLE high_side_blobs (
                digest         TEXT PRIMARY KEY,
                receipt_sha256 TEXT NOT NULL REFERENCES receipts (sha256)
            );
            """)
        {
            PostgreSql = """
            CREATE TABLE requests (
                id              TEXT PRIMARY KEY,
                kind            TEXT NOT NULL,
                source          TEXT NOT NULL,
                name            TEXT NULL,
                version         TEXT NULL,
                platforms       TEXT NULL,
                expected_sha256 TEXT NULL,
                requester       TEXT NOT NULL,
                justification   TEXT NOT NULL,
                ticket          TEXT NULL,
                status          TEXT NOT NULL,
                failure         TEXT NULL,
                resolved_digest TEXT NULL,
                media_type      TEXT NULL,
                attempts        BIGINT NOT NULL DEFAULT 0,
                created_utc     TEXT NOT NULL,
                updated_utc     TEXT NOT NULL
            );
            CREATE INDEX requests_status ON requests (status);

            CREATE TABLE request_blobs (
                request_id TEXT NOT NULL REFERENCES requests (id),
                position   BIGINT NOT NULL,
                digest     TEXT NOT NULL,
                size       BIGINT NOT NULL,
                PRIMARY KEY (request_id, position)
            );

            CREATE TABLE batches (
                id              TEXT PRIMARY KEY,
                sequence        BIGINT NOT NULL UNIQUE,
                status          TEXT NOT NULL,
                media_directory TEXT NOT NULL,
                volume_size     BIGINT NOT NULL,
                volume_count    BIGINT NULL,
                payload_bytes   BIGINT NULL,
                manifest_sha256 TEXT NULL,
                failure         TEXT NULL,
                created_utc     TEXT NOT NULL,
                shipped_utc     TEXT NULL
            );

            CREATE TABLE batch_requests (
                batch_id   TEXT NOT NULL REFERENCES batches (id),
                request_id TEXT NOT NULL REFERENCES requests (id),
                PRIMARY KEY (batch_id, request_id)
            );

            CREATE TABLE receipts (
                sha256       TEXT PRIMARY KEY,
                site_id      TEXT NOT NULL,
                key_id       TEXT NOT NULL,
                created_utc  TEXT NOT NULL,
                blob_count   BIGINT NOT NULL,
                imported_utc TEXT NOT NULL
            );

            CREATE TABLE high_side_blobs (
                digest         TEXT PRIMARY KEY,
                receipt_sha256 TEXT NOT NULL REFERENCES receipts (sha256)
            );
            """,
        },
        AuditMigrations.CreateTables(2),
        Migration.Portable(3, "users-and-api-tokens", """
            CREATE TABLE users (
                name         TEXT PRIMARY KEY,
                role         TEXT NOT NULL,
                created_utc  TEXT NOT NULL,
                disabled_utc TEXT NULL
            );

            CREATE TABLE api_tokens (
                id           TEXT PRIMARY KEY,
                user_name    TEXT NOT NULL REFERENCES users (name),
                token_sha256 TEXT NOT NULL,
                created_utc  TEXT NOT NULL,
                expires_utc  TEXT NOT NULL,
                revoked_utc  TEXT NULL
            );

            CREATE INDEX requests_requester ON requests (requester);
            """),
        new(4, "receipts-kept-with-audit-head", """
            ALTER TABLE receipts ADD COLUMN audit_sequence INTEGER NULL;
            ALTER TABLE receipts ADD COLUMN audit_hash TEXT NULL;
            ALTER TABLE receipts ADD COLUMN file TEXT NULL;
            """)
        {
            PostgreSql = """
            ALTER TABLE receipts ADD COLUMN audit_sequence BIGINT NULL;
            ALTER TABLE receipts ADD COLUMN audit_hash TEXT NULL;
            ALTER TABLE receipts ADD COLUMN file TEXT NULL;
            """,
        },
        Migration.Portable(5, "requester-display-name", """
            ALTER TABLE requests ADD COLUMN requester_name TEXT NULL;
            """),
        NotificationMigrations.CreateCursorTable(6),
        Migration.Portable(7, "requests-published", """
            ALTER TABLE requests ADD COLUMN published_utc TEXT NULL;

            -- What receipts already showed before the upgrade is not announced as new at the next one.
            UPDATE requests SET published_utc = updated_utc
            WHERE status = 'shipped'
              AND EXISTS (SELECT 1 FROM request_blobs b WHERE b.request_id = requests.id)
              AND NOT EXISTS (SELECT 1 FROM request_blobs b WHERE b.request_id = requests.id
                              AND b.digest NOT IN (SELECT digest FROM high_side_blobs));
            """),
        Migration.Portable(8, "user-passwords", """
            ALTER TABLE users ADD COLUMN password_hash TEXT NULL;
            """),
        Migration.Portable(9, "request-failure-codes", """
            -- The reason code of a failed request (malware-found, scanner-failed, gather-failed): scripts match on it.
            ALTER TABLE requests ADD COLUMN failure_code TEXT NULL;
            UPDATE requests SET failure_code = 'gather-failed' WHERE status = 'failed';
            """),
        new(10, "request-attachments", """
            -- Upstream manifests (cosign signatures, attestations, SBOMs, referrers) shipped with a gathered image.
            CREATE TABLE request_attachments (
                request_id TEXT NOT NULL REFERENCES requests (id),
                position   INTEGER NOT NULL,
                kind       TEXT NOT NULL,
                tag        TEXT NULL,
                digest     TEXT NOT NULL,
                media_type TEXT NOT NULL,
                PRIMARY KEY (request_id, position)
            );
            """)
        {
            PostgreSql = """
            -- Upstream manifests (cosign signatures, attestations, SBOMs, referrers) shipped with a gathered image.
            CREATE TABLE request_attachments (
                request_id TEXT NOT NULL REFERENCES requests (id),
                position   BIGINT NOT NULL,
                kind       TEXT NOT NULL,
                tag        TEXT NULL,
                digest     TEXT NOT NULL,
                media_type TEXT NOT NULL,
                PRIMARY KEY (request_id, position)
            );
            """,
        },
        Migration.Portable(11, "request-parts", """
            -- The images a chart needs are image requests that belong to the chart's request: gathered with it, cut with it,
            -- never alone. origin says where the image was found (an annotation, values.yaml, a template) or who added it.
            ALTER TABLE requests ADD COLUMN parent_id TEXT NULL REFERENCES requests (id);
            ALTER TABLE requests ADD COLUMN origin TEXT NULL;
            CREATE INDEX requests_parent ON requests (parent_id);
            """),
        Migration.Portable(12, "request-documents", """
            -- A request may carry a document its kind resolves when it is gathered: an application's lock file
            -- (package-lock.json, requirements.txt with hashes, packages.lock.json), so its whole dependency set is one request.
            -- Read only by the gatherer, never with request lists.
            ALTER TABLE requests ADD COLUMN document TEXT NULL;
            """),
        Migration.Portable(13, "request-claims", """
            -- The worker gathering a request and until when its claim holds: a worker claims a request with one conditional
            -- update only one process can win (submitted, or gathering with an expired claim), renews it while it works, and
            -- clears it when done. A crashed worker's claim expires and another takes the request over.
            ALTER TABLE requests ADD COLUMN claimed_by TEXT NULL;
            ALTER TABLE requests ADD COLUMN claim_expires_utc TEXT NULL;
            """),
        WorkerMigrations.CreateTables(14),
    ];
}
