using System.Data.Common;
using System.Globalization;
using Dapper;

namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>
/// What a restore leaves in the high side's settings: the pending mark (set on the database inside every backup and again
/// by `restore`, so a restored database always starts refusing import and publish), and per low-side site the replay
/// high-water mark an operator confirmed, at or below which no sequence is imported again.
/// </summary>
internal static class RestoreMarks
{
    public const string Pending = "restore-unconfirmed";

    public static string HighWater(string siteId) => "replay-high-water:" + siteId;

    /// <summary>Marks the database restored from a backup taken at <paramref name="backupCreatedUtc"/>; the side's restore hook.</summary>
    public static Task MarkRestoredAsync(DbConnection connection, DateTimeOffset backupCreatedUtc, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO settings (name, value) VALUES (@name, @value)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """,
            new { name = Pending, value = backupCreatedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
}
