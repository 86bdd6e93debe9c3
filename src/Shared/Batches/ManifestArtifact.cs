namespace TransferPipeline.Shared.Batches;

/// <summary>One requested artifact carried by a batch.</summary>
public sealed record ManifestArtifact
{
    /// <summary>image, file or chart.</summary>
    public required string Kind { get; init; }
    /// <summary>Where it came from: an image reference, a URL, or a chart repository URL.</summary>
    public required string Source { get; init; }
    /// <summary>The resolved content digest (image manifest or index, file or chart archive).</summary>
    public required string Digest { get; init; }
    public string? MediaType { get; init; }
    /// <summary>Image repository path, file name or chart name as it should be published.</summary>
    public required string Name { get; init; }
    /// <summary>Image tag or chart version; null for files and digest-only images.</summary>
    public string? Version { get; init; }
    public required string Requester { get; init; }
    public required string RequestId { get; init; }
    public required string Justification { get; init; }
    public string? Ticket { get; init; }
    /// <summary>The OCI layout tag (org.opencontainers.image.ref.name) for images.</summary>
    public string? LayoutTag { get; init; }
    /// <summary>Every blob the artifact needs, shipped in this batch or already present on the high side.</summary>
    public required IReadOnlyList<string> Blobs { get; init; }
}
