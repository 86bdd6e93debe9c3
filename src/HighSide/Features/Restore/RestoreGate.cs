using System.Globalization;
using Dapper;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>
/// What import and publish ask of a restored high side: whether it still waits for its replay high-water mark (then they
/// refuse, `restore-unconfirmed`), and the mark confirmed for a site.
/// </summary>
internal sealed class RestoreGate(Database database)
{
    public async Task<Failure?> RefuseIfUnconfirmedAsync(string operation, CancellationToken cancellationToken)
    {
        var pending = await UnconfirmedBackupAsync(cancellationToken);
        return pending is null
            ? null
            : new Failure(RestoreReasons.Unconfirmed,
                $"{operation} refused: this high side was restored from a backup taken at {pending} and does not know which batches it " +
                "imported after it; confirm the replay high-water mark first ('highside restore confirm --receipt FILE' with the latest " +
                "receipt the low side holds, or '--site SITE --last-sequence N')", FailureKind.Conflict);
    }

    /// <summary>When the backup this high side was restored from was taken, while its mark is unconfirmed; otherwise null.</summary>
    public async Task<string?> UnconfirmedBackupAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = @name", new { name = RestoreMarks.Pending }, cancellationToken: cancellationToken));
    }

    /// <summary>The highest sequence of <paramref name="siteId"/> confirmed as imported before a restore; null when none was.</summary>
    public async Task<long?> HighWaterAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var value = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = @name", new { name = RestoreMarks.HighWater(siteId) }, cancellationToken: cancellationToken));
        return value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
    }
}
