using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Data.PostgreSqlMove;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// `restore FILE --data DIR`: verifies every entry of the archive against its manifest before writing anything, refuses a
/// data directory that holds files or a site that is running, writes the data directory beside its final place, restores
/// the database (the SQLite file, or pg_restore into an empty PostgreSQL database), marks it restored for the side, and
/// only then renames the directory into place.
/// </summary>
public static class SiteRestore
{
    private const string DumpFile = ".restore.pgdump";
    private const string SqliteHasWorkers = "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'workers'";
    private const string PostgreSqlHasWorkers =
        "SELECT COUNT(*) > 0 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'workers'";

    /// <param name="target">The data directory to restore into: missing or empty.</param>
    /// <param name="file">The backup archive.</param>
    /// <param name="connectionString">PostgreSQL: the empty database to restore into; null for the one the configuration names.</param>
    /// <param name="clock">Judges whether a site's heartbeat is recent.</param>
    /// <param name="ct">Cancels the work.</param>
    public static async Task<Outcome<RestoreSummary>> RunAsync(DataDirectory target, string file, string? connectionString, TimeProvider clock,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(clock);
        if (!File.Exists(file))
        {
            return new Failure(BackupReasons.Unreadable, $"no backup archive {file}", FailureKind.NotFound);
        }

        var verified = await BackupArchiveReader.VerifyAsync(file, ct);
        if (!verified.IsOk)
        {
            return verified.Error;
        }

        var manifest = verified.Value;
        if ((Refused(target.Side, manifest) ?? await RefuseOccupiedAsync(target, clock, ct)) is { } refused)
        {
            return refused;
        }

        // A sibling, so that the last step is one rename on the same file system.
        var staging = Path.TrimEndingDirectorySeparator(target.Root) + ".restoring-" + Guid.NewGuid().ToString("N")[..8];
        OwnerOnly.CreateDirectory(staging);
        try
        {
            var staged = new DataDirectory(staging, target.Side);
            await BackupArchiveReader.ExtractAsync(file, manifest, entry => PlaceOf(staged, entry), ct);
            var database = manifest.DatabaseProvider == DatabaseProvider.PostgreSql
                ? await RestorePostgreSqlAsync(staged, connectionString, clock, manifest, ct)
                : await MarkSqliteAsync(staged, manifest, ct);
            if (database is not null)
            {
                return database;
            }

            if (Directory.Exists(target.Root))
            {
                Directory.Delete(target.Root);
            }

            Directory.Move(staging, target.Root);
            DurableFile.SyncDirectory(Path.GetDirectoryName(target.Root)!);
            return new RestoreSummary(target.Root, Path.GetFullPath(file), manifest);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static Failure? Refused(HostSide side, BackupManifest manifest)
    {
        if (manifest.Side != side.Name)
        {
            return new Failure(BackupReasons.WrongSide, $"the archive is a backup of a {manifest.Side}, not a {side.Name}", FailureKind.Invalid);
        }

        var known = side.Migrations.Max(m => m.Version);
        return manifest.SchemaVersion > known
            ? new Failure(BackupReasons.SchemaTooNew, $"the archive's database has schema version {manifest.SchemaVersion}; this {side.Name} " +
                $"knows up to {known}: restore it with the version that wrote it ({manifest.ProductVersion})", FailureKind.Invalid)
            : null;
    }

    private static async Task<Failure?> RefuseOccupiedAsync(DataDirectory target, TimeProvider clock, CancellationToken ct)
    {
        if (!Directory.Exists(target.Root) || !Directory.EnumerateFileSystemEntries(target.Root).Any())
        {
            return null;
        }

        if (File.Exists(target.DatabaseFile))
        {
            await using var connection = new SqliteConnection(SqliteFiles.Unpooled(target.DatabaseFile, SqliteOpenMode.ReadOnly));
            await connection.OpenAsync(ct);
            if (await HasWorkersAsync(connection, SqliteHasWorkers, ct)
                && await LiveWorkers.RefuseIfRunningAsync(connection, null, ConfigurationOf(target), clock.GetUtcNow(), ct) is { } running)
            {
                return running;
            }
        }

        return new Failure(BackupReasons.DataDirectoryNotEmpty,
            $"{target.Root} is not empty: restore into a new or empty directory (move the old one aside first)", FailureKind.Conflict);
    }

    private static Task<bool> HasWorkersAsync(DbConnection connection, string sql, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, cancellationToken: ct));

    private static IConfiguration ConfigurationOf(DataDirectory data) =>
        File.Exists(data.ConfigFile) ? SideConfiguration.Build(data) : new ConfigurationBuilder().Build();

    private static string? PlaceOf(DataDirectory staged, BackupEntry entry) => entry.Path switch
    {
        BackupManifest.SqliteEntry => staged.DatabaseFile,
        BackupManifest.PostgreSqlEntry => staged.Combine(DumpFile),
        var path when path.StartsWith(BackupManifest.DataPrefix, StringComparison.Ordinal) =>
            staged.Combine([.. path[BackupManifest.DataPrefix.Length..].Split('/')]),
        _ => null,
    };

    private static async Task<Failure?> MarkSqliteAsync(DataDirectory staged, BackupManifest manifest, CancellationToken ct)
    {
        if (staged.Side.MarkRestored is { } mark)
        {
            await using var connection = new SqliteConnection(SqliteFiles.Unpooled(staged.DatabaseFile, SqliteOpenMode.ReadWrite));
            await connection.OpenAsync(ct);
            await mark(connection, manifest.CreatedUtc, ct);
        }

        return null;
    }

    private static async Task<Failure?> RestorePostgreSqlAsync(DataDirectory staged, string? given, TimeProvider clock, BackupManifest manifest,
        CancellationToken ct)
    {
        var connectionString = string.IsNullOrWhiteSpace(given)
            ? ConfigurationOf(staged)[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"]
            : given;
        if (string.IsNullOrWhiteSpace(connectionString) || !DatabaseOptionsValidator.IsConnectionString(connectionString))
        {
            return new Failure(BackupReasons.InvalidTarget, "the backup is of a PostgreSQL site: pass --connection-string, or set " +
                $"{staged.Side.EnvironmentPrefix}Database__ConnectionString, naming the empty database to restore into", FailureKind.Usage);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()", cancellationToken: ct)) > 0)
            {
                var running = await HasWorkersAsync(connection, PostgreSqlHasWorkers, ct)
                    ? await LiveWorkers.RefuseIfRunningAsync(connection, null, ConfigurationOf(staged), clock.GetUtcNow(), ct)
                    : null;
                return running ?? new Failure(BackupReasons.TargetNotEmpty,
                    $"the PostgreSQL database '{connection.Database}' already has tables: restore into an empty database", FailureKind.Conflict);
            }
        }

        if (await PostgreSqlTools.RestoreAsync(connectionString, staged.Combine(DumpFile), ct) is { } failed)
        {
            return failed;
        }

        File.Delete(staged.Combine(DumpFile));
        if (!string.IsNullOrWhiteSpace(given))
        {
            await SiteSwitch.WriteConfigurationAsync(staged, given, keepPassword: false, ct);
        }

        if (staged.Side.MarkRestored is { } mark)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await mark(connection, manifest.CreatedUtc, ct);
        }

        return null;
    }
}
