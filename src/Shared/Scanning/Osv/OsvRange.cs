namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>An OSV range: its type (<c>ECOSYSTEM</c>, <c>SEMVER</c> or <c>GIT</c>) and its events.</summary>
internal sealed record OsvRange(string? Type, IReadOnlyList<OsvEvent>? Events);
