using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>What gathering put in the store for one request: the root digest and every blob, root first.</summary>
internal sealed record GatheredArtifact(string Digest, string? MediaType, IReadOnlyList<RequestBlob> Blobs);
