using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>The last steps of a move: the configuration names PostgreSQL, and the SQLite file is renamed out of the way.</summary>
internal static class SiteSwitch
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes Database:Provider and Database:ConnectionString into the side's configuration file, owner-only (0600) as
    /// `init` writes it. A password taken from the environment stays there: it is left out of the file.
    /// </summary>
    public static async Task WriteConfigurationAsync(DataDirectory data, string connectionString, bool keepPassword, CancellationToken ct)
    {
        var configuration = JsonNode.Parse(await File.ReadAllTextAsync(data.ConfigFile, ct))!.AsObject();
        var written = new NpgsqlConnectionStringBuilder(connectionString);
        if (!keepPassword)
        {
            written.Remove(nameof(NpgsqlConnectionStringBuilder.Password));
        }

        configuration[DatabaseOptions.Section] = new JsonObject
        {
            [nameof(DatabaseOptions.Provider)] = DatabaseProvider.PostgreSql.ToString(),
            [nameof(DatabaseOptions.ConnectionString)] = written.ConnectionString,
        };
        await DurableFile.WriteAllBytesAsync(data.ConfigFile, JsonSerializer.SerializeToUtf8Bytes(configuration, Indented), ct,
            UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// Renames the SQLite file, with its WAL and shared-memory files if they are still there, to NAME.migrated-TIME, so
    /// nothing of the state is read from SQLite again and the file stays as the copy it was made from. Returns the new path.
    /// </summary>
    public static string MoveDatabaseAside(DataDirectory data, DateTimeOffset now)
    {
        var kept = data.DatabaseFile + ".migrated-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        File.Move(data.DatabaseFile, kept);
        foreach (var suffix in (string[])["-wal", "-shm"])
        {
            if (File.Exists(data.DatabaseFile + suffix))
            {
                File.Move(data.DatabaseFile + suffix, kept + suffix);
            }
        }

        DurableFile.SyncDirectory(data.Root);
        return kept;
    }
}
