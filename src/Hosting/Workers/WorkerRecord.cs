namespace TransferPipeline.Hosting.Workers;

/// <summary>One row of the <c>workers</c> table: a running (or crashed) process of the side.</summary>
public sealed record WorkerRecord
{
    public string Id { get; init; } = "";

    public string Host { get; init; } = "";

    public long Pid { get; init; }

    public string Roles { get; init; } = "";

    public DateTimeOffset StartedUtc { get; init; }

    public DateTimeOffset LastHeartbeatUtc { get; init; }

    public string? CurrentClaim { get; init; }
}
