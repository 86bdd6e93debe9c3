using TransferPipeline.Shared.Processes;

namespace TransferPipeline.Hosting.Workers;

/// <summary>
/// This process as a worker: an id unique across hosts and restarts (host, pid and a random suffix, so a reused pid
/// is a new worker), what it runs, and when it started. Claims and leases are held in its name.
/// </summary>
public sealed class WorkerIdentity
{
    public WorkerIdentity(TimeProvider timeProvider, ServeRoles roles = ServeRoles.All)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Host = Environment.MachineName;
        Pid = Environment.ProcessId;
        Id = LocalProcesses.OwnerPrefix(':') + Guid.NewGuid().ToString("N")[..8];
        Roles = roles;
        Started = timeProvider.GetUtcNow();
    }

    public string Id { get; }

    public string Host { get; }

    public int Pid { get; }

    public ServeRoles Roles { get; }

    public DateTimeOffset Started { get; }

    /// <summary>
    /// True when <paramref name="workerId"/> names a process of this host that no longer runs (it crashed): its claims can be
    /// taken over at once instead of after they expire. A worker of another host is never judged here: its claims expire.
    /// </summary>
    public static bool IsDeadOnThisHost(string workerId) => LocalProcesses.IsGone(workerId, ':');
}
