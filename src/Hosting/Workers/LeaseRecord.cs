namespace TransferPipeline.Hosting.Workers;

/// <summary>One row of the <c>leases</c> table.</summary>
public sealed record LeaseRecord
{
    public string Name { get; init; } = "";

    public string Holder { get; init; } = "";

    public DateTimeOffset ExpiresUtc { get; init; }
}
