using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.HighSide.Features.Scanning;

/// <summary>A finding as stored for a batch: which artifact (its position in the manifest) it is in.</summary>
internal sealed record StoredFinding(long Position, ScanFinding Finding);
