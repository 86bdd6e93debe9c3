namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>One package a lock file lists: what it is, where it was resolved from and its integrity.</summary>
internal sealed record NpmLockEntry(string Name, string Version, Uri Resolved, string Integrity);
