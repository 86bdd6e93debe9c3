using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>What the low side's scan of a gathered request found (nothing that stops it), and with which data.</summary>
internal sealed record GatherScanResult(IReadOnlyList<ScanFinding> Findings, IReadOnlyList<string> DataVersions);
