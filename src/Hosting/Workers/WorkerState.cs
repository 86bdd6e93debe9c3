namespace TransferPipeline.Hosting.Workers;

/// <summary>One process of the workers table; stale when its heartbeat is older than Workers:StaleAfter (it probably died).</summary>
public sealed record WorkerState(
    string Id, string Host, long Pid, string Roles, DateTimeOffset StartedUtc, DateTimeOffset LastHeartbeatUtc, string? CurrentClaim, bool Alive);
