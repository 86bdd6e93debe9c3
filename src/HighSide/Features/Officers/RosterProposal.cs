namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>A roster document officers are asked to sign, and who has signed it so far.</summary>
internal sealed record RosterProposal(string Sha256, long Version, string Change, string State, string ProposedBy, DateTimeOffset CreatedUtc,
    IReadOnlyList<string> SignedBy)
{
    public const string Proposed = "proposed";
    public const string InForce = "in-force";
    public const string Stale = "stale";

    /// <summary>How operators and officers name it: the first 16 hex digits of its SHA-256.</summary>
    public string Id => Sha256[..16];
}
