namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>One event of an OSV range; exactly one of its fields is set.</summary>
internal sealed record OsvEvent(string? Introduced = null, string? Fixed = null, string? LastAffected = null, string? Limit = null);
