using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>One package a lock file resolves: the pinned version and the content hash NuGet recorded for it.</summary>
internal sealed record NuGetLockEntry(NuGetPin Pin, string ContentHash);
