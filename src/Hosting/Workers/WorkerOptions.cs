namespace TransferPipeline.Hosting.Workers;

/// <summary>Configuration section "Workers": how long claims and leases last and how often workers report.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Workers";

    /// <summary>How long a claim on one piece of work lasts unless renewed; a crashed worker's work is taken over after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the scheduler lease and the cut lease last unless renewed.</summary>
    public TimeSpan SchedulerLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker writes its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A worker whose last heartbeat is older than this is shown stale.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How often a worker looks in the database for work no message woke: expired claims, and submitted work older than
    /// this (a wake-up lost with a broker or a process).
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Renew a lease of <paramref name="lease"/> at a third of it, so two renewals can fail before it lapses.</summary>
    public static TimeSpan RenewalFor(TimeSpan lease) => lease / 3;
}
