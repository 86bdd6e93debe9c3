using System.CommandLine;
using System.Globalization;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Status;

/// <summary>`lowside status [--json]`: workers alive and stale, queue depth, stuck work, the lease holders.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("status", "Show the workers (alive or stale), the queue, stuck work and who holds the scheduler lease") { json };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var status = await services.GetRequiredService<WorkStatusQueries>().GetAsync(token);
            if (parse.GetValue(json))
            {
                CliConsole.Json(status);
                return ExitCodes.Ok;
            }

            Print(status);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static void Print(WorkStatus status)
    {
        CliConsole.Line($"workers: {status.Alive} alive, {status.Stale} stale");
        foreach (var w in status.Workers)
        {
            var ago = (status.At - w.LastHeartbeatUtc).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            CliConsole.Line($"  {w.Id}  {w.Roles}  {(w.Alive ? "alive" : "STALE")}  heartbeat {ago}s ago  claim: {w.CurrentClaim ?? "-"}");
        }

        CliConsole.Line($"queue: {status.Submitted} submitted, {status.Gathering} gathering");
        CliConsole.Line($"stuck: {status.ExpiredClaims.Count} expired claim(s), {status.Stale} stale worker(s)");
        foreach (var claim in status.ExpiredClaims)
        {
            var expired = claim.ClaimExpiresUtc?.ToString("O", CultureInfo.InvariantCulture) ?? "-";
            CliConsole.Line($"  {claim.RequestId}  was {claim.ClaimedBy ?? "unclaimed"}  expired {expired}");
        }

        CliConsole.Line($"scheduler lease: {status.SchedulerHolder ?? "free"}");
        foreach (var lease in status.Leases.Where(l => l.Name != DatabaseLeases.Scheduler))
        {
            CliConsole.Line($"{lease.Name} lease: {lease.Holder} until {lease.ExpiresUtc.ToString("O", CultureInfo.InvariantCulture)}");
        }
    }
}
