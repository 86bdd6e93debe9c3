using TransferPipeline.Shared.Batches;

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

    /// <summary>
    /// Where the artifact goes, in one line: derived from the signed manifest's entry and the mirror's
    /// settings only, and exactly what <see cref="PublishAsync"/> writes. Officers sign these lines.
    /// </summary>
    string PlanLine(ArtifactDescription artifact);

    Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken);
}
