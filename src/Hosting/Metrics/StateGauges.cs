namespace TransferPipeline.Hosting.Metrics;

/// <summary>The gauges read from the database at scrape time (<see cref="IStateMetricsSource"/>), as Prometheus names them.</summary>
public static class StateGauges
{
    /// <summary>Low side: requests by their state (label <c>state</c>).</summary>
    public const string Requests = "transferpipeline_requests";

    /// <summary>Batches by their state (label <c>state</c>).</summary>
    public const string Batches = "transferpipeline_batches";

    /// <summary>Work waiting for a step (label <c>queue</c>: gather and cut on the low side; assemble, scan, approval, publish on the high side).</summary>
    public const string QueueDepth = "transferpipeline_queue_depth";

    /// <summary>High side: batches awaiting approval.</summary>
    public const string ApprovalsPending = "transferpipeline_approvals_pending";

    /// <summary>High side: seconds the batch longest awaiting approval has waited (0 when none waits).</summary>
    public const string OldestPendingApprovalAge = "transferpipeline_approvals_pending_oldest_age_seconds";

    /// <summary>Seconds since the last successful cut, import or publish (label <c>step</c>); absent until there was one.</summary>
    public const string LastSuccessAge = "transferpipeline_last_success_age_seconds";

    /// <summary>The side's `serve` processes by heartbeat (label <c>state</c>: live, stale).</summary>
    public const string Workers = "transferpipeline_workers";

    internal static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (Requests, "Requests by state (low side)"),
        (Batches, "Batches by state"),
        (QueueDepth, "Work waiting for a step"),
        (ApprovalsPending, "Batches awaiting approval (high side)"),
        (OldestPendingApprovalAge, "Seconds the batch longest awaiting approval has waited (high side)"),
        (LastSuccessAge, "Seconds since the last successful cut, import or publish"),
        (Workers, "serve processes by heartbeat: live or stale"),
    ];
}
