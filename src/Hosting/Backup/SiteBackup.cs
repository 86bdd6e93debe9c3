using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Site;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// `backup FILE` and the scheduled backup: a snapshot of the database taken while the site runs (SQLite's backup API, or
/// pg_dump), and the data directory's state beside it (configuration, keys, trust, roster, receipts, audit mirror and
/// checkpoints, and the content when asked), in one archive with a manifest of SHA-256s; audited.
/// </summary>
public sealed class SiteBackup(DataDirectory data, Database database, IConfiguration configuration, IOptions<SiteOptions> site,
    IOptions<BackupOptions> options, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The product version written into every manifest.</summary>
    public static string ProductVersion { get; } =
        (Assembly.GetEntryAssembly() ?? typeof(SiteBackup).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    /// <summary>Where scheduled backups go.</summary>
    public string ScheduledDirectory => data.Resolve(options.Value.Directory);

    public async Task<Outcome<BackupSummary>> CreateAsync(string file, bool includeContent, string actor, CancellationToken ct)
    {
        var target = Path.GetFullPath(file);
        if (Directory.Exists(target) || !Directory.Exists(Path.GetDirectoryName(target)))
        {
            return new Failure(BackupReasons.InvalidTarget, $"{target} is a directory, or its directory does not exist", FailureKind.Invalid);
        }

        var snapshot = target + ".database" + DurableFile.PartialSuffix;
        var now = clock.GetUtcNow();
        // Before the snapshot: the audit mirror and checkpoint files are cut where they stand now, never ahead of the database.
        string[] excluded = [target, target + DurableFile.PartialSuffix, snapshot, ScheduledDirectory];
        var sources = BackupSources.Collect(data, includeContent, excluded);
        try
        {
            var schema = await SchemaVersionAsync(ct);
            var taken = await SnapshotAsync(snapshot, now, ct);
            if (!taken.IsOk)
            {
                return taken.Error;
            }

            var manifest = new BackupManifest
            {
                FormatVersion = BackupManifest.CurrentFormatVersion,
                Side = data.Side.Name,
                SiteId = site.Value.Id,
                ProductVersion = ProductVersion,
                SchemaVersion = schema,
                DatabaseProvider = database.Provider,
                CreatedUtc = now,
                IncludesContent = includeContent,
                Entries = [],
                Directories = BackupSources.Directories(data, includeContent, excluded),
            };
            var written = await BackupArchiveWriter.WriteAsync(target, manifest, [new BackupSource(taken.Value, snapshot, null), .. sources], now, ct);
            var bytes = new FileInfo(target).Length;
            await audit.RecordAsync(actor, "backup.created", target,
                new { bytes, entries = written.Entries.Count, includesContent = includeContent, schema, provider = database.Provider.ToString() }, ct);
            return new BackupSummary(target, bytes, written);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    private async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT MAX(version) FROM schema_migrations", cancellationToken: ct));
    }

    /// <summary>Writes the database snapshot to <paramref name="snapshot"/> (owner-only) and returns its entry name.</summary>
    private async Task<Outcome<string>> SnapshotAsync(string snapshot, DateTimeOffset now, CancellationToken ct)
    {
        await using (new FileStream(snapshot, OwnerOnly.Create(FileMode.Create)))
        {
        }

        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            var failed = await PostgreSqlTools.DumpAsync(SideDatabase.Options(configuration).ConnectionString!, snapshot, ct);
            return failed is null ? BackupManifest.PostgreSqlEntry : failed;
        }

        await using var source = (SqliteConnection)await database.OpenAsync(ct);
        await using var copy = new SqliteConnection(SqliteFiles.Unpooled(snapshot));
        await copy.OpenAsync(ct);
        // One step: a consistent copy under a read lock, which in WAL mode never holds up the daemon's writers.
        source.BackupDatabase(copy);
        await copy.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = DELETE", cancellationToken: ct));
        if (data.Side.MarkRestored is { } mark)
        {
            // The mark travels inside the archive: a copy of the database taken out of it by hand is marked too.
            await mark(copy, now, ct);
        }

        return BackupManifest.SqliteEntry;
    }
}
