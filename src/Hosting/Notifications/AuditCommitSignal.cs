using System.Threading.Channels;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// An audit sink in the daemon that only wakes the notification dispatcher when its own process commits entries, so a
/// notification leaves at once rather than at the next poll. The dispatcher reads the entries from the log itself.
/// </summary>
internal sealed class AuditCommitSignal : IAuditSink
{
    // One pending wake-up is enough: the dispatcher reads everything after its cursor whenever it wakes.
    private readonly Channel<bool> _commits = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public string Name => "notifications";

    public Task SendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        _commits.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>Returns when entries commit in this process, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _commits.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: entries committed by another process (a CLI verb) are read now.
        }
    }
}
