namespace TransferPipeline.Conformance;

/// <summary>A clock that always reads the same instant, so the writer's createdUtc never changes.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
