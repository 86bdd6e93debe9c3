using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Shared.Audit;

/// <summary>
/// The audit schema as migrations. Each side numbers them into its own list, for example
/// <c>[AuditMigrations.CreateTables(1), new(2, "requests", ...)]</c>: a fixed number would collide
/// with the sides' own migrations, and a side's history must stay one ordered line.
/// </summary>
public static class AuditMigrations
{
    /// <summary>The recorded name of <see cref="CreateTables"/>; never change it.</summary>
    public const string CreateTablesName = "audit.create-tables";

    // The triggers stop accidental updates and deletes by application code. Someone with write
    // access to the file can drop them; the hash chain and signed checkpoints catch that.
    private const string CreateTablesSql = """
        CREATE TABLE audit_entries (
            sequence      INTEGER PRIMARY KEY CHECK (sequence >= 1),
            timestamp_utc TEXT NOT NULL,
            actor         TEXT NOT NULL,
            action        TEXT NOT NULL,
            subject       TEXT NOT NULL,
            details_json  TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash          TEXT NOT NULL
        ) STRICT;

        CREATE TABLE audit_checkpoints (
            id            INTEGER PRIMARY KEY,
            sequence      INTEGER NOT NULL,
            hash          TEXT NOT NULL,
            timestamp_utc TEXT NOT NULL,
            key_id        TEXT NOT NULL,
            signature     TEXT NOT NULL
        ) STRICT;

        CREATE INDEX ix_audit_checkpoints_sequence ON audit_checkpoints (sequence);

        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

        CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;

        CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
        """;

    /// <summary>Creates the audit entry and checkpoint tables, as migration number <paramref name="version"/>.</summary>
    public static Migration CreateTables(int version) => new(version, CreateTablesName, CreateTablesSql);
}
