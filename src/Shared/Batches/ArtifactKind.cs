namespace TransferPipeline.Shared.Batches;

/// <summary>What the batch format itself knows of an artifact kind.</summary>
/// <param name="Name">The kind as the manifest spells it.</param>
/// <param name="InOciLayout">Whether its artifacts are listed in each volume's OCI image layout (index.json), so stock tools read them.</param>
public sealed record ArtifactKind(string Name, bool InOciLayout);
