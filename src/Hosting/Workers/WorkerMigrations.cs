using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// The tables several processes of one side coordinate through, as a migration each side numbers into its own list:
/// <c>workers</c> (who is alive, by heartbeat) and <c>leases</c> (named, expiring holds: the scheduler, the cut).
/// Plain SQL both SQLite and PostgreSQL accept; times are ISO-8601 text like every other timestamp of the schema.
/// </summary>
public static class WorkerMigrations
{
    /// <summary>The recorded name of <see cref="CreateTables"/>; never change it.</summary>
    public const string CreateTablesName = "workers.create-workers-and-leases";

    private const string CreateTablesSql = """
        CREATE TABLE workers (
            id                 TEXT PRIMARY KEY,
            host               TEXT NOT NULL,
            pid                INTEGER NOT NULL,
            roles              TEXT NOT NULL,
            started_utc        TEXT NOT NULL,
            last_heartbeat_utc TEXT NOT NULL,
            current_claim      TEXT NULL
        );

        CREATE TABLE leases (
            name        TEXT PRIMARY KEY,
            holder      TEXT NOT NULL,
            expires_utc TEXT NOT NULL
        );
        """;

    /// <summary>Creates the tables, as migration number <paramref name="version"/>.</summary>
    public static Migration CreateTables(int version) => Migration.Portable(version, CreateTablesName, CreateTablesSql);
}
