namespace TransferPipeline.LowSide.Features.Receipts;

/// <summary>A receipt the low side keeps: its copy (FILE and FILE.minisig) is an anchor of the high side's audit history.</summary>
internal sealed record KeptReceipt(string Sha256, string SiteId, DateTimeOffset CreatedUtc, long? AuditSequence, string? AuditHash, string? File);
