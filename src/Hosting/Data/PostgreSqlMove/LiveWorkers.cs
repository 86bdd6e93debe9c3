using System.Globalization;
using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Configuration;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.Hosting.Data.PostgreSqlMove;

/// <summary>
/// Whether a process of the site is running: every `serve` process writes a heartbeat in the <c>workers</c> table
/// every Workers:HeartbeatInterval and removes its row when it stops cleanly, so a row whose heartbeat is newer than
/// Workers:StaleAfter is a live daemon (or one that died less than that long ago).
/// </summary>
internal static class LiveWorkers
{
    public static async Task<Failure?> RefuseIfRunningAsync(
        DbConnection connection, DbTransaction? transaction, IConfiguration configuration, DateTimeOffset now, CancellationToken ct)
    {
        var options = new WorkerOptions();
        configuration.GetSection(WorkerOptions.Section).Bind(options);
        var rows = await connection.QueryAsync<(string Id, string Heartbeat)>(new CommandDefinition(
            "SELECT id, last_heartbeat_utc FROM workers ORDER BY id", transaction: transaction, cancellationToken: ct));
        var live = rows
            .Where(r => DateTimeOffset.Parse(r.Heartbeat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) >= now - options.StaleAfter)
            .Select(r => r.Id)
            .ToList();
        return live.Count == 0
            ? null
            : new Failure(MoveReasons.SiteRunning,
                $"the site is running: {string.Join(", ", live)} wrote a heartbeat within {options.StaleAfter.TotalSeconds:0} s " +
                "(Workers:StaleAfter); stop every `serve` process first (a process that died shows stale after that time)");
    }
}
