using System.Data.Common;
using System.Globalization;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Small named values the high side must remember, such as the newest time it has seen.</summary>
internal sealed class SettingsRepository(Database database)
{
    /// <summary>The latest creation time of an accepted batch (capped at the clock plus Import:MaxClockSkew when it was accepted).</summary>
    public const string NewestSeenUtc = "newest-seen-utc";

    public async Task<DateTimeOffset?> GetTimeAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var value = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """SELECT value FROM settings WHERE name = @name""", new { name }, cancellationToken: cancellationToken));
        return value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>
    /// Raises the stored time to <paramref name="candidate"/> if that is later, never lowers it, in the caller's
    /// transaction (so it moves together with what justified it). UTC "O" text sorts as the instants it names.
    /// </summary>
    public static Task RaiseTimeAsync(DbConnection connection, DbTransaction transaction, string name, DateTimeOffset candidate,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO settings (name, value) VALUES (@name, @value)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE excluded.value > settings.value
            """,
            new { name, value = candidate.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
            transaction,
            cancellationToken: cancellationToken));
}
