namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>A replay high-water mark confirmed for a low-side site, and where it came from (receipt, operator).</summary>
internal sealed record ConfirmedHighWater(string SiteId, long Sequence, string Source);
