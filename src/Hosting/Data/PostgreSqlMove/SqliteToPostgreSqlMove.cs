using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// `db migrate-to-postgres`: moves a stopped SQLite site's whole state into an empty PostgreSQL database.
/// </summary>
/// <remarks>
/// The SQLite file is held under its write lock (BEGIN IMMEDIATE) from the check that no process of the site is running
/// until the copy has committed, so nothing can change it in between and a daemon started meanwhile waits or fails.
/// The copy is one PostgreSQL transaction (<see cref="PostgreSqlCopy"/>). Only after it commits does the configuration
/// name PostgreSQL and the SQLite file move aside; then the move is recorded in the audit trail by the side's own
/// services, now on PostgreSQL, and the trail is verified there.
/// </remarks>
public static class SqliteToPostgreSqlMove
{
    /// <param name="data">The site's data directory.</param>
    /// <param name="connectionString">The empty PostgreSQL database's Npgsql connection string.</param>
    /// <param name="passwordInFile">False when the connection string came from the environment: its password stays there.</param>
    /// <param name="clock">Stamps the audit entry and names the renamed SQLite file.</param>
    /// <param name="ct">Cancels the move; before the commit, nothing is kept.</param>
    public static async Task<Outcome<MoveSummary>> RunAsync(
        DataDirectory data, string connectionString, bool passwordInFile, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clock);
        var started = clock.GetTimestamp();
        if (await RefuseUnlessSqliteAsync(data, ct) is { } notSqlite)
        {
            return notSqlite;
        }

        await using var target = new PostgreSqlDatabase(connectionString);
        var copied = await CopyAsync(data, target, clock, ct);
        if (!copied.IsOk)
        {
            return copied.Error;
        }

        // Nothing holds the SQLite file any more: the configuration now names PostgreSQL, and the file is renamed.
        SqliteConnection.ClearAllPools();
        await SiteSwitch.WriteConfigurationAsync(data, connectionString, passwordInFile, ct);
        var kept = SiteSwitch.MoveDatabaseAside(data, clock.GetUtcNow());

        var rows = copied.Value.Sum(t => t.Rows);
        // The side's own audit writer, now on PostgreSQL: a side that signs checkpoints covers this entry with one too.
        await using var services = TransferCore.BuildCommandServices(data);
        var trail = services.GetRequiredService<AuditTrail>();
        await trail.RecordAsync(HostUser.Actor, "database.migrated", target.Description,
            new { from = kept, tables = copied.Value.Count, rows }, CancellationToken.None);
        var verified = await trail.Log.VerifyAsync(CancellationToken.None);
        if (!verified.IsValid)
        {
            return new Failure(MoveReasons.AuditChainBroken,
                $"the site now runs on the {target.Description}, but its audit trail does not verify there: {verified.Message}");
        }

        return new MoveSummary(target.Description, copied.Value, rows, clock.GetElapsedTime(started), kept, verified.EntriesVerified);
    }

    private static async Task<Outcome<IReadOnlyList<MovedTable>>> CopyAsync(
        DataDirectory data, PostgreSqlDatabase target, TimeProvider clock, CancellationToken ct)
    {
        await using var sqlite = new SqliteDatabase(data.DatabaseFile);
        await new MigrationRunner(sqlite, data.Side.Migrations, clock).RunAsync(ct);
        await using var connection = (SqliteConnection)await sqlite.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await sqlite.BeginWriteAsync(connection, ct);
        var running = await LiveWorkers.RefuseIfRunningAsync(connection, transaction, SideConfiguration.Build(data), clock.GetUtcNow(), ct);
        if (running is not null)
        {
            return running;
        }

        // A reader beside the write lock (WAL): the chain as committed, which is what gets copied.
        var chain = await new AuditLog(sqlite, data.AuditMirrorFile, clock).VerifyAsync(ct);
        if (!chain.IsValid)
        {
            return new Failure(MoveReasons.AuditChainBroken,
                $"the audit trail in {data.DatabaseFile} does not verify ({chain.Message}); find out why before moving it");
        }

        return await new PostgreSqlCopy(target, data.Side.Migrations, clock, connection, transaction).RunAsync(ct);
    }

    private static async Task<Failure?> RefuseUnlessSqliteAsync(DataDirectory data, CancellationToken ct)
    {
        // The file decides, not the environment: LOWSIDE__Database__ variables may already name the target.
        var file = JsonNode.Parse(await File.ReadAllTextAsync(data.ConfigFile, ct));
        var configured = file?[DatabaseOptions.Section]?[nameof(DatabaseOptions.Provider)];
        var provider = configured?.GetValue<string>() ?? nameof(DatabaseProvider.Sqlite);
        if (!string.Equals(provider, nameof(DatabaseProvider.Sqlite), StringComparison.OrdinalIgnoreCase))
        {
            return new Failure(MoveReasons.NotSqlite,
                $"{data.ConfigFile} names Database:Provider {provider}; only a SQLite site can be moved");
        }

        return File.Exists(data.DatabaseFile)
            ? null
            : new Failure(MoveReasons.NotSqlite, $"{data.DatabaseFile} does not exist; there is no SQLite state to move");
    }
}
