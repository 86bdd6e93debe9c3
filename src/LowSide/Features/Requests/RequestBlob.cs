namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>A blob a gathered request needs, in order (root first).</summary>
internal sealed record RequestBlob(string Digest, long Size);
