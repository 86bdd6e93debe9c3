using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Kinds;

/// <summary>One artifact of the signed manifest and the line saying where it is published.</summary>
internal sealed record PublishTarget(int Position, ManifestArtifact Artifact, string Line);
