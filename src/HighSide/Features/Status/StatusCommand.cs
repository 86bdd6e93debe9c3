using System.CommandLine;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.HighSide.Features.Status;

/// <summary>`highside status [--json]`: workers alive and stale, batches waiting in each state, stuck work, the lease holders.</summary>
internal static class StatusCommand
{
    public static Command Create() => WorkStatusCommand.Create(
        HighSideHost.Side,
        "Show the workers (alive or stale), the batches waiting in each state, stuck work and who holds the scheduler lease",
        (services, ct) => services.GetRequiredService<WorkStatusQueries>().GetAsync(ct),
        status => status.Queue.Count == 0 ? "queue: empty" : "queue: " + string.Join(", ", status.Queue.Select(q => $"{q.Value} {q.Key}")),
        status => status.ExpiredClaims.Select(c => ($"{c.BatchId} ({c.State})", c.ClaimedBy, c.ClaimExpiresUtc)));
}
