using System.Globalization;
using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Small named values the high side must remember, such as the newest time it has seen.</summary>
internal sealed class SettingsRepository(SqliteDatabase database)
{
    public const string NewestSeenUtc = "newest-seen-utc";

    public async Task<DateTimeOffset?> GetTimeAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var value = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """SELECT value FROM settings WHERE name = @name""", new { name }, cancellationToken: cancellationToken));
        return value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>Raises the stored time to <paramref name="candidate"/> if that is later; never lowers it.</summary>
    public async Task RaiseTimeAsync(string name, DateTimeOffset candidate, CancellationToken cancellationToken)
    {
        var current = await GetTimeAsync(name, cancellationToken);
        if (current is not null && current >= candidate)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO settings (name, value) VALUES (@name, @value)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """,
            new { name, value = candidate.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken));
    }
}
