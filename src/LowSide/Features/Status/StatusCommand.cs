using System.CommandLine;
using TransferPipeline.Hosting.Workers;

namespace TransferPipeline.LowSide.Features.Status;

/// <summary>`lowside status [--json]`: workers alive and stale, queue depth, stuck work, the lease holders.</summary>
internal static class StatusCommand
{
    public static Command Create() => WorkStatusCommand.Create(
        LowSideHost.Side,
        "Show the workers (alive or stale), the queue, stuck work and who holds the scheduler lease",
        (services, ct) => services.GetRequiredService<WorkStatusQueries>().GetAsync(ct),
        status => $"queue: {status.Submitted} submitted, {status.Gathering} gathering",
        status => status.ExpiredClaims.Select(c => (c.RequestId, c.ClaimedBy, c.ClaimExpiresUtc)));
}
