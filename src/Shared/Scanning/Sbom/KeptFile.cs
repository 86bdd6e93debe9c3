using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>A file the inventory kept: its content, or, for a symbolic link, the in-image path it points to.</summary>
internal sealed record KeptFile(string Path, Digest Layer, byte[]? Content, string? LinkTarget = null)
{
    public long Size => Content?.LongLength ?? 0;
}
