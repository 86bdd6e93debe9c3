using Dapper;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The sequence number of the last audit entry the daemon has notified, in the side's database (table
/// <c>notification_cursor</c>), so that a restarted daemon carries on after it: what committed while no daemon ran (a CLI
/// verb) is notified then, and what was notified before is not again (at least once: an entry whose notification went out
/// just before a crash, with its position not yet written, goes out once more with the same id).
/// </summary>
internal sealed class NotificationCursor(Database database)
{
    private const string Name = "dispatcher";

    /// <summary>The kept position; null when there is none.</summary>
    public async Task<long?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT sequence FROM notification_cursor WHERE name = @Name", new { Name }, cancellationToken: cancellationToken));
    }

    public async Task WriteAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notification_cursor (name, sequence) VALUES (@Name, @sequence)
            ON CONFLICT (name) DO UPDATE SET sequence = excluded.sequence
            """, new { Name, sequence }, cancellationToken: cancellationToken));
    }
}
