using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>
/// A kind's check of an artifact's content once its batch is assembled and every blob it needs is present: what breaks it
/// refuses the batch at import, so it never reaches the officers. A kind registers one when its content has rules the
/// batch verifier cannot see (the verifier checks blobs, not what is in them).
/// </summary>
internal interface IImportedArtifactCheck
{
    /// <summary>The kind checked (one of <c>ArtifactKinds</c>).</summary>
    string Kind { get; }

    /// <summary>Null when the artifact passes; otherwise why the batch is refused.</summary>
    Task<Failure?> CheckAsync(string quarantineId, ManifestArtifact artifact, CancellationToken cancellationToken);
}
