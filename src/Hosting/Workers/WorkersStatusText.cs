using System.Globalization;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Workers;

/// <summary>The lines of `status` every side prints alike: the workers, the stuck claims, the leases.</summary>
public static class WorkersStatusText
{
    public static void PrintWorkers(WorkersStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        CliConsole.Line($"workers: {status.Alive} alive, {status.Stale} stale");
        foreach (var w in status.Workers)
        {
            var ago = (status.At - w.LastHeartbeatUtc).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            CliConsole.Line($"  {w.Id}  {w.Roles}  {(w.Alive ? "alive" : "STALE")}  heartbeat {ago}s ago  claim: {w.CurrentClaim ?? "-"}");
        }
    }

    /// <summary>Work left under an expired claim (its worker died), one line each, after the count and the stale workers.</summary>
    public static void PrintStuck(WorkersStatus status, IEnumerable<(string Id, string? ClaimedBy, DateTimeOffset? ExpiresUtc)> expired)
    {
        ArgumentNullException.ThrowIfNull(status);
        var claims = expired.ToList();
        CliConsole.Line($"stuck: {claims.Count} expired claim(s), {status.Stale} stale worker(s)");
        foreach (var (id, claimedBy, expires) in claims)
        {
            CliConsole.Line($"  {id}  was {claimedBy ?? "unclaimed"}  expired {expires?.ToString("O", CultureInfo.InvariantCulture) ?? "-"}");
        }
    }

    public static void PrintLeases(WorkersStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        CliConsole.Line($"scheduler lease: {status.SchedulerHolder ?? "free"}");
        foreach (var lease in status.Leases.Where(l => l.Name != DatabaseLeases.Scheduler))
        {
            CliConsole.Line($"{lease.Name} lease: {lease.Holder} until {lease.ExpiresUtc.ToString("O", CultureInfo.InvariantCulture)}");
        }
    }
}
