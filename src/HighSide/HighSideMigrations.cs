using TransferPipeline.Hosting.Notifications;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide;

/// <summary>The high side's schema history. Append new migrations; never edit an applied one.</summary>
internal static class HighSideMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        AuditMigrations.CreateTables(1),
        new(2, "highside.core", CoreSql) { PostgreSql = HighSidePostgreSqlMigrations.Core },
        new(3, "highside.batch-blobs", BatchBlobsSql) { PostgreSql = HighSidePostgreSqlMigrations.BatchBlobs },
        new(4, "highside.signed-roster", SignedRosterSql) { PostgreSql = HighSidePostgreSqlMigrations.SignedRoster },
        NotificationMigrations.CreateCursorTable(5),
        new(6, "highside.accounts", AccountsSql) { PostgreSql = HighSidePostgreSqlMigrations.Accounts },
        new(7, "highside.scans", ScansSql) { PostgreSql = HighSidePostgreSqlMigrations.Scans },
        new(8, "highside.scanner-data", ScannerDataSql) { PostgreSql = HighSidePostgreSqlMigrations.ScannerData },
        new(9, "highside.debian-packages", DebianPackagesSql) { PostgreSql = HighSidePostgreSqlMigrations.DebianPackages },
        new(10, "highside.npm-packages", NpmPackagesSql) { PostgreSql = HighSidePostgreSqlMigrations.NpmPackages },
        new(11, "highside.pypi-packages", PyPIPackagesSql) { PostgreSql = HighSidePostgreSqlMigrations.PyPIPackages },

        // The workers' heartbeats and the scheduler lease: scheduled jobs run only in the process that holds it.
        WorkerMigrations.CreateTables(12),
        new(13, "highside.nuget-packages", NuGetPackagesSql) { PostgreSql = HighSidePostgreSqlMigrations.NuGetPackages },
        Migration.Portable(14, "highside.batch-claims", """
            -- The worker scanning or publishing a batch and until when its claim holds (ADR 0008): claimed with one conditional
            -- update only one process can win, renewed while it works, released when done. A crashed worker's claim expires
            -- (or is released at once by a worker of its host) and the batch is taken over.
            ALTER TABLE batches ADD COLUMN claimed_by TEXT NULL;
            ALTER TABLE batches ADD COLUMN claim_expires_utc TEXT NULL;
            """),
        new(15, "highside.artifact-blobs", ArtifactBlobsSql) { PostgreSql = HighSidePostgreSqlMigrations.ArtifactBlobs },

        // Every tally of a batch's approvals reads when the trail first recorded each (ApprovalExpiry), and publishing reads
        // the state the trail last recorded for the batch: both by the batch's id, the entries' subject.
        Migration.Portable(16, "highside.audit-entries-by-subject", """
            CREATE INDEX ix_audit_entries_subject_action ON audit_entries (subject, action);
            """),

        // When `account issue-totp` made the pending secret: such a secret is confirmed by a code, never shown on the enrolment page.
        Migration.Portable(17, "highside.accounts-totp-issued", """
            ALTER TABLE accounts ADD COLUMN totp_issued_utc TEXT NULL;
            """),
    ];

    // Each artifact's blobs, root first, a row each. They were one JSON array an artifact (blobs_json): an image of 1,000
    // layers made a 150 KB string, a large object, to write and to read again.
    private const string ArtifactBlobsSql = """
        CREATE TABLE batch_artifact_blobs (
            batch_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            ordinal  INTEGER NOT NULL,
            digest   TEXT NOT NULL,
            PRIMARY KEY (batch_id, position, ordinal),
            FOREIGN KEY (batch_id, position) REFERENCES batch_artifacts (batch_id, position)
        ) STRICT, WITHOUT ROWID;

        INSERT INTO batch_artifact_blobs (batch_id, position, ordinal, digest)
        SELECT a.batch_id, a.position, j.key, j.value FROM batch_artifacts a, json_each(a.blobs_json) j;

        ALTER TABLE batch_artifacts DROP COLUMN blobs_json;
        """;

    // Kinds/Deb: every .deb published to the apt mirror, the truth its indexes (Packages, Release) are regenerated from.
    // One row per index a package is listed in: architecture is the index's (binary-ARCH, the set's), package_architecture
    // the package's own (the same, or all). The file is shared by every suite and index of a repository, so its path
    // (repository_path, filename) holds one set of bytes.
    private const string DebianPackagesSql = """
        CREATE TABLE debian_packages (
            repository_path      TEXT NOT NULL,
            suite                TEXT NOT NULL,
            component            TEXT NOT NULL,
            architecture         TEXT NOT NULL,
            package              TEXT NOT NULL,
            version              TEXT NOT NULL,
            package_architecture TEXT NOT NULL,
            filename             TEXT NOT NULL,
            sha256               TEXT NOT NULL,
            size                 INTEGER NOT NULL,
            control              TEXT NOT NULL,
            batch_id             TEXT NOT NULL REFERENCES batches (id),
            published_utc        TEXT NOT NULL,
            PRIMARY KEY (repository_path, suite, component, architecture, filename)
        ) STRICT;

        CREATE INDEX ix_debian_packages_file ON debian_packages (repository_path, filename);
        """;

    // Kinds/Npm: every npm package version published to the npm mirror, the truth its packuments are regenerated from.
    // A version is one set of bytes for good (npm never changes a published version), whichever registry it came from.
    private const string NpmPackagesSql = """
        CREATE TABLE npm_packages (
            name          TEXT NOT NULL,
            version       TEXT NOT NULL,
            file_name     TEXT NOT NULL,
            sha256        TEXT NOT NULL,
            integrity     TEXT NOT NULL,
            size          INTEGER NOT NULL,
            metadata      TEXT NOT NULL,
            registry      TEXT NOT NULL,
            batch_id      TEXT NOT NULL REFERENCES batches (id),
            published_utc TEXT NOT NULL,
            PRIMARY KEY (name, version)
        ) STRICT;
        """;

    // Kinds/PyPI: every wheel and sdist published to the simple index, the truth its pages are regenerated from. A file
    // name of a project is one set of bytes for good (PyPI never accepts a file name twice), whichever index it came from.
    private const string PyPIPackagesSql = """
        CREATE TABLE pypi_packages (
            name            TEXT NOT NULL,
            version         TEXT NOT NULL,
            file_name       TEXT NOT NULL,
            sha256          TEXT NOT NULL,
            size            INTEGER NOT NULL,
            requires_python TEXT NULL,
            yanked          TEXT NULL,
            index_url       TEXT NOT NULL,
            batch_id        TEXT NOT NULL REFERENCES batches (id),
            published_utc   TEXT NOT NULL,
            PRIMARY KEY (name, file_name)
        ) STRICT;
        """;

    // Kinds/NuGet: every NuGet package version published to the NuGet feed, the truth its version lists are regenerated from.
    // NuGet ids and versions compare case-insensitively, so a version is keyed by their lower case (the feed's paths), and is
    // one set of bytes for good whichever feed it came from. content_hash is the lock file's, when the package came from one.
    private const string NuGetPackagesSql = """
        CREATE TABLE nuget_packages (
            id_lower      TEXT NOT NULL,
            version_lower TEXT NOT NULL,
            id            TEXT NOT NULL,
            version       TEXT NOT NULL,
            file_name     TEXT NOT NULL,
            sha256        TEXT NOT NULL,
            sha512        TEXT NOT NULL,
            content_hash  TEXT NULL,
            size          INTEGER NOT NULL,
            service_index TEXT NOT NULL,
            batch_id      TEXT NOT NULL REFERENCES batches (id),
            published_utc TEXT NOT NULL,
            PRIMARY KEY (id_lower, version_lower)
        ) STRICT;
        """;

    // Kinds/ScannerData: every scanner-data artifact installed in the data directory and activated by its publish.
    // The newest activation of a scanner's data is the data in force; a republish of the same data adds no row.
    private const string ScannerDataSql = """
        CREATE TABLE scanner_data (
            name          TEXT NOT NULL,
            digest        TEXT NOT NULL,
            directory     TEXT NOT NULL,
            data_version  TEXT NOT NULL,
            data_time_utc TEXT NULL,
            records       INTEGER NULL,
            batch_id      TEXT NOT NULL REFERENCES batches (id),
            activated_utc TEXT NOT NULL,
            PRIMARY KEY (name, digest)
        ) STRICT;
        """;

    // Features/Scanning: one result per batch (the latest scan; a rescan replaces it) and what it found.
    // A failed scan is kept with its error: a batch with no result, or a failed one, is never approved.
    private const string ScansSql = """
        CREATE TABLE scan_results (
            batch_id      TEXT PRIMARY KEY REFERENCES batches (id),
            outcome       TEXT NOT NULL,
            data_versions TEXT NOT NULL,
            data_time_utc TEXT NULL,
            error         TEXT NULL,
            files         INTEGER NOT NULL,
            finished_utc  TEXT NOT NULL
        ) STRICT;

        CREATE TABLE scan_findings (
            batch_id          TEXT NOT NULL REFERENCES batches (id),
            id                TEXT NOT NULL,
            position          INTEGER NOT NULL,
            kind              TEXT NOT NULL,
            scanner           TEXT NOT NULL,
            severity          TEXT NOT NULL,
            subject           TEXT NOT NULL,
            title             TEXT NOT NULL,
            data_version      TEXT NULL,
            package           TEXT NULL,
            installed_version TEXT NULL,
            fixed_version     TEXT NULL,
            PRIMARY KEY (batch_id, position, id)
        ) STRICT;
        """;

    // People who sign in to the daemon (Features/Accounts). Passwords only as Argon2id strings; the
    // security stamp changes on every reset or disable, which signs out the account's sessions. A TOTP
    // secret waits in totp_secret with totp_confirmed_utc NULL until the first code proves enrolment.
    private const string AccountsSql = """
        CREATE TABLE accounts (
            name                 TEXT PRIMARY KEY,
            role                 TEXT NOT NULL,
            officer              TEXT NULL,
            password_hash        TEXT NOT NULL,
            must_change_password INTEGER NOT NULL,
            totp_secret          TEXT NULL,
            totp_confirmed_utc   TEXT NULL,
            totp_last_step       INTEGER NULL,
            security_stamp       TEXT NOT NULL,
            created_utc          TEXT NOT NULL,
            disabled_utc         TEXT NULL
        ) STRICT;

        CREATE TABLE security_keys (
            credential_id TEXT PRIMARY KEY,
            account       TEXT NOT NULL REFERENCES accounts (name),
            public_key    BLOB NOT NULL,
            sign_count    INTEGER NOT NULL,
            user_handle   BLOB NOT NULL,
            created_utc   TEXT NOT NULL
        ) STRICT;

        CREATE INDEX ix_security_keys_account ON security_keys (account);
        """;

    // Officers come only from the signed roster (Features/Officers): a table of officers gave power to
    // whoever could write the database. An approval keeps the exact statement the officer signed, which
    // carries the publish plan and the audit head it pins.
    private const string SignedRosterSql = """
        DROP TABLE officers;

        CREATE TABLE roster_documents (
            sha256      TEXT PRIMARY KEY,
            version     INTEGER NOT NULL,
            document    BLOB NOT NULL,
            state       TEXT NOT NULL,
            change_text TEXT NOT NULL,
            proposed_by TEXT NOT NULL,
            created_utc TEXT NOT NULL
        ) STRICT;

        CREATE INDEX ix_roster_documents_version ON roster_documents (version);

        CREATE TABLE roster_signatures (
            sha256       TEXT NOT NULL REFERENCES roster_documents (sha256),
            raw_key      TEXT NOT NULL,
            officer      TEXT NOT NULL,
            signature    TEXT NOT NULL,
            recorded_utc TEXT NOT NULL,
            PRIMARY KEY (sha256, raw_key)
        ) STRICT;

        ALTER TABLE approvals ADD COLUMN statement TEXT NULL;
        """;

    // The signed manifest stays in quarantine as the file that was verified (its SHA-256 is in
    // manifest_sha256); what queries need of it is kept here instead, so nothing has to parse a
    // manifest of 50,000 files to list batches, find which batch ships a blob, or publish.
    // Refused batches never assemble or publish, so they get no rows.
    private const string BatchBlobsSql = """
        CREATE TABLE batch_blobs (
            batch_id TEXT NOT NULL REFERENCES batches (id),
            digest   TEXT NOT NULL,
            size     INTEGER NOT NULL,
            shipped  INTEGER NOT NULL,
            PRIMARY KEY (batch_id, digest)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX ix_batch_blobs_shipped_digest ON batch_blobs (digest) WHERE shipped = 1;

        INSERT OR IGNORE INTO batch_blobs (batch_id, digest, size, shipped)
        SELECT b.id, json_extract(j.value, '$.digest'), json_extract(j.value, '$.size'), json_extract(j.value, '$.shipped')
        FROM batches b, json_each(b.manifest_json, '$.blobs') j
        WHERE b.manifest_json IS NOT NULL AND b.state <> 'refused';

        ALTER TABLE batches DROP COLUMN manifest_json;
        """;

    // A refused copy of a batch keeps its own row (id = batch id + suffix) so forensics survive and a
    // later good copy of the same sequence is still importable: uniqueness holds only for non-refused rows.
    private const string CoreSql = """
        CREATE TABLE trusted_keys (
            key_id      TEXT PRIMARY KEY,
            site_id     TEXT NOT NULL,
            public_key  TEXT NOT NULL,
            added_utc   TEXT NOT NULL,
            revoked_utc TEXT NULL
        ) STRICT;

        CREATE TABLE officers (
            name         TEXT PRIMARY KEY,
            key_id       TEXT NOT NULL,
            public_key   TEXT NOT NULL,
            added_utc    TEXT NOT NULL,
            disabled_utc TEXT NULL
        ) STRICT;

        CREATE TABLE batches (
            id              TEXT PRIMARY KEY,
            batch_id        TEXT NULL,
            site_id         TEXT NULL,
            sequence        INTEGER NULL,
            state           TEXT NOT NULL,
            reason_code     TEXT NULL,
            reason          TEXT NULL,
            manifest_sha256 TEXT NULL,
            manifest_json   TEXT NULL,
            key_id          TEXT NULL,
            volume_count    INTEGER NOT NULL DEFAULT 0,
            payload_bytes   INTEGER NOT NULL DEFAULT 0,
            created_utc     TEXT NULL,
            expires_utc     TEXT NULL,
            imported_utc    TEXT NOT NULL,
            updated_utc     TEXT NOT NULL,
            waiting_for     TEXT NULL
        ) STRICT;

        CREATE UNIQUE INDEX ux_batches_site_sequence ON batches (site_id, sequence) WHERE state <> 'refused';

        CREATE TABLE batch_volumes (
            batch_id     TEXT NOT NULL REFERENCES batches (id),
            number       INTEGER NOT NULL,
            sums_sha256  TEXT NOT NULL,
            imported_utc TEXT NOT NULL,
            PRIMARY KEY (batch_id, number)
        ) STRICT;

        CREATE TABLE batch_artifacts (
            batch_id      TEXT NOT NULL REFERENCES batches (id),
            position      INTEGER NOT NULL,
            kind          TEXT NOT NULL,
            source        TEXT NOT NULL,
            digest        TEXT NOT NULL,
            media_type    TEXT NULL,
            name          TEXT NOT NULL,
            version       TEXT NULL,
            requester     TEXT NOT NULL,
            request_id    TEXT NOT NULL,
            justification TEXT NOT NULL,
            ticket        TEXT NULL,
            blobs_json    TEXT NOT NULL,
            published_utc TEXT NULL,
            PRIMARY KEY (batch_id, position)
        ) STRICT;

        CREATE TABLE approvals (
            id           INTEGER PRIMARY KEY,
            batch_id     TEXT NOT NULL REFERENCES batches (id),
            decision     TEXT NOT NULL,
            key_id       TEXT NOT NULL,
            officer      TEXT NOT NULL,
            reason       TEXT NULL,
            signature    TEXT NOT NULL,
            recorded_utc TEXT NOT NULL
        ) STRICT;

        CREATE TABLE blobs (
            digest        TEXT PRIMARY KEY,
            size          INTEGER NOT NULL,
            batch_id      TEXT NOT NULL,
            published_utc TEXT NOT NULL
        ) STRICT;

        CREATE TABLE published_charts (
            name          TEXT NOT NULL,
            version       TEXT NOT NULL,
            digest        TEXT NOT NULL,
            file_name     TEXT NOT NULL,
            published_utc TEXT NOT NULL,
            PRIMARY KEY (name, version)
        ) STRICT;

        CREATE TABLE settings (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        """;
}
