using TransferPipeline.HighSide.Batches;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// Puts one artifact of an approved batch into its internal mirror, reading only the verified copy in
/// quarantine; idempotent, so a publish interrupted by a crash can run again. Throws
/// <c>PublishException</c> with a reason code when it cannot.
/// </summary>
internal interface IArtifactPublisher
{
    /// <summary>Called once before a publish run: a mirror clears what an interrupted run left half-staged.</summary>
    void Prepare();

    Task PublishAsync(string quarantineId, ArtifactRecord artifact, CancellationToken cancellationToken);
}
