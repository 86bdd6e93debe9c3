using Dapper;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.HighSide.Features.Status;

/// <summary>
/// The high side's state gauges, from its database at scrape time: batches by state, the queues of each step, the approvals
/// pending and how long the oldest has waited, and the age of the last imported volume and the last published batch.
/// </summary>
internal sealed class HighSideStateMetrics(Database database) : IStateMetricsSource
{
    private static readonly (string Queue, string[] States)[] Queues =
    [
        ("assemble", [BatchStates.Assembling, BatchStates.WaitingForBlobs]),
        ("scan", [BatchStates.Verified, BatchStates.Scanning]),
        ("approval", [BatchStates.AwaitingApproval]),
        ("publish", [BatchStates.Approved, BatchStates.Publishing]),
    ];

    public async Task ReadAsync(StateReadings readings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        await using var connection = await database.OpenAsync(cancellationToken);
        var batches = (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
                """SELECT state, COUNT(*) FROM batches GROUP BY state""", cancellationToken: cancellationToken)))
            .ToDictionary(c => c.State, c => c.Count, StringComparer.Ordinal);
        var times = await connection.QuerySingleAsync<(string? OldestPending, string? LastImport, string? LastPublish)>(new CommandDefinition(
            """
            SELECT (SELECT MIN(updated_utc) FROM batches WHERE state = 'awaiting-approval'),
                   (SELECT MAX(imported_utc) FROM batch_volumes),
                   (SELECT MAX(updated_utc) FROM batches WHERE state = 'published')
            """, cancellationToken: cancellationToken));

        // A gate registered at run time adds its own hold state: it is counted as found.
        foreach (var state in BatchStates.All.Union(batches.Keys, StringComparer.Ordinal))
        {
            readings.Add(StateGauges.Batches, batches.GetValueOrDefault(state), "state", state);
        }

        foreach (var (queue, states) in Queues)
        {
            readings.Add(StateGauges.QueueDepth, states.Sum(s => batches.GetValueOrDefault(s)), "queue", queue);
        }

        readings.Add(StateGauges.ApprovalsPending, batches.GetValueOrDefault(BatchStates.AwaitingApproval));
        readings.Add(StateGauges.OldestPendingApprovalAge, StateReadings.SecondsSince(times.OldestPending, now) ?? 0);
        readings.AddAge("import", times.LastImport, now);
        readings.AddAge("publish", times.LastPublish, now);
    }
}
