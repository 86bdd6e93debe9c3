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
        status => QueueText(status),
        status => status.ExpiredClaims.Select(c => ($"{c.BatchId} ({c.State})", c.ClaimedBy, c.ClaimExpiresUtc)));

    private static string QueueText(WorkStatus status)
    {
        var queue = status.Queue.Count == 0 ? "queue: empty" : "queue: " + string.Join(", ", status.Queue.Select(q => $"{q.Value} {q.Key}"));
        return status.RestoredFromBackupTaken is null
            ? queue
            : queue + Environment.NewLine + $"restore: restored from a backup taken at {status.RestoredFromBackupTaken}; import and publish are " +
              "refused until 'highside restore confirm' records the replay high-water mark";
    }
}
