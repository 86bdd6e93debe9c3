using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// What a batch says of one artifact, wherever it is held: what it is, where it came from, what it is
/// published as, and who asked for it and why. The manifest's artifact entry, the writer's input and the
/// high side's record of an artifact add their own parts to it. The JSON order is the manifest's.
/// </summary>
public record ArtifactDescription
{
    /// <summary>One of <see cref="ArtifactKinds"/>.</summary>
    [JsonPropertyOrder(0)]
    public required string Kind { get; init; }

    /// <summary>Where it came from: an image reference, a URL, or a chart repository URL.</summary>
    [JsonPropertyOrder(1)]
    public required string Source { get; init; }

    /// <summary>The resolved content digest (image manifest or index, file or chart archive).</summary>
    [JsonPropertyOrder(2)]
    public required string Digest { get; init; }

    [JsonPropertyOrder(3)]
    public string? MediaType { get; init; }

    /// <summary>Image repository path, file name or chart name as it should be published.</summary>
    [JsonPropertyOrder(4)]
    public required string Name { get; init; }

    /// <summary>Image tag or chart version; null for files and digest-only images.</summary>
    [JsonPropertyOrder(5)]
    public string? Version { get; init; }

    /// <summary>The requester's identity as the low side authenticated it.</summary>
    [JsonPropertyOrder(6)]
    public required string Requester { get; init; }

    [JsonPropertyOrder(7)]
    public required string RequestId { get; init; }

    [JsonPropertyOrder(8)]
    public required string Justification { get; init; }

    [JsonPropertyOrder(9)]
    public string? Ticket { get; init; }
}
