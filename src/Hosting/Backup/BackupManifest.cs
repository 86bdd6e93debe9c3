using System.Text.Json.Serialization;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// MANIFEST.json, the last entry of a backup archive: what the archive holds, each file with its SHA-256, and which
/// side, product and schema wrote it. A restore reads it first and checks every entry against it before writing anything.
/// </summary>
public sealed record BackupManifest
{
    public const int CurrentFormatVersion = 1;

    /// <summary>The archive entry holding this manifest; written last, once every other entry's hash is known.</summary>
    public const string EntryName = "MANIFEST.json";

    /// <summary>Data directory files are under this prefix, by their path relative to the data directory.</summary>
    public const string DataPrefix = "data/";

    /// <summary>The database snapshot: the SQLite file, or a pg_dump custom-format archive.</summary>
    public const string SqliteEntry = "database/sqlite.db";

    public const string PostgreSqlEntry = "database/postgresql.pgdump";

    public required int FormatVersion { get; init; }

    /// <summary>lowside or highside.</summary>
    public required string Side { get; init; }

    public required string? SiteId { get; init; }

    /// <summary>The writing executable's informational version.</summary>
    public required string ProductVersion { get; init; }

    /// <summary>The newest migration the database snapshot holds.</summary>
    public required int SchemaVersion { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<DatabaseProvider>))]
    public required DatabaseProvider DatabaseProvider { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>True when the content store (low side) or quarantine (high side) is in the archive.</summary>
    public required bool IncludesContent { get; init; }

    public required IReadOnlyList<BackupEntry> Entries { get; init; }

    /// <summary>The data directory's directories (DataPrefix and their relative path), empty ones included, written before any file.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [];
}
