using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>A finding as officers review it: the artifact it is in, and whether it blocks the batch until waived.</summary>
internal sealed record ReportedFinding(string Artifact, ScanFinding Finding, bool Blocking);
