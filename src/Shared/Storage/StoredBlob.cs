namespace TransferPipeline.Shared.Storage;

/// <summary>A blob now in the content store.</summary>
public sealed record StoredBlob(string Digest, long Size, bool AlreadyPresent);
