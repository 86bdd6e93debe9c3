using Dapper;
using TransferPipeline.Hosting.Metrics;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Features.Status;

/// <summary>
/// The low side's state gauges, from its database at scrape time: requests and batches by state, the gather and cut queues,
/// and the age of the last shipped batch. Requests a chart brought in (parts) are counted with their chart, as the API lists them.
/// </summary>
internal sealed class LowSideStateMetrics(Database database) : IStateMetricsSource
{
    private static readonly string[] RequestStates =
        [RequestStatus.Submitted, RequestStatus.Gathering, RequestStatus.Gathered, RequestStatus.Shipped, RequestStatus.Failed, RequestStatus.Cancelled];

    private static readonly string[] BatchStates = [BatchStatus.Cutting, BatchStatus.Shipped, BatchStatus.Failed];

    public async Task ReadAsync(StateReadings readings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        await using var connection = await database.OpenAsync(cancellationToken);
        var requests = await CountsAsync(connection, """SELECT status, COUNT(*) FROM requests WHERE parent_id IS NULL GROUP BY status""",
            cancellationToken);
        var batches = await CountsAsync(connection, """SELECT status, COUNT(*) FROM batches GROUP BY status""", cancellationToken);
        var lastShipped = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """SELECT MAX(shipped_utc) FROM batches WHERE status = 'shipped'""", cancellationToken: cancellationToken));

        foreach (var state in RequestStates)
        {
            readings.Add(StateGauges.Requests, requests.GetValueOrDefault(state), "state", state);
        }

        foreach (var state in BatchStates)
        {
            readings.Add(StateGauges.Batches, batches.GetValueOrDefault(state), "state", state);
        }

        readings.Add(StateGauges.QueueDepth, requests.GetValueOrDefault(RequestStatus.Submitted) + requests.GetValueOrDefault(RequestStatus.Gathering),
            "queue", "gather");
        readings.Add(StateGauges.QueueDepth, requests.GetValueOrDefault(RequestStatus.Gathered), "queue", "cut");
        readings.AddAge("cut", lastShipped, now);
    }

    private static async Task<Dictionary<string, long>> CountsAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct) =>
        (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(sql, cancellationToken: ct)))
            .ToDictionary(c => c.State, c => c.Count, StringComparer.Ordinal);
}
