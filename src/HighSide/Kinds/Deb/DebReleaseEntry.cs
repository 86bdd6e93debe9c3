namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>One index file a Release lists: its path below dists/SUITE, SHA-256 (lowercase hex) and size.</summary>
internal sealed record DebReleaseEntry(string Path, string Sha256, long Size);
