namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>An index the Release lists: its path below dists/SUITE/, size and SHA-256 (lowercase hex).</summary>
internal sealed record ReleaseFile(string Path, long Size, string Sha256);
