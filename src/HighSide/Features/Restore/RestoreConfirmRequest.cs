namespace TransferPipeline.HighSide.Features.Restore;

/// <summary>
/// What an operator confirms after a restore: a receipt this high side signed (its imported sequences, per site), a last
/// sequence for one site (the low side's record of what it shipped), or both; the higher mark wins.
/// </summary>
internal sealed record RestoreConfirmRequest(string? SiteId, long? LastSequence, string? ReceiptFile);
