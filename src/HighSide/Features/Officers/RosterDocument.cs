namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>
/// One version of the officer roster, on the model of TUF's root role: it is valid only when the
/// officers of the version before it sign it (at least that version's threshold of them; every founding
/// officer for version 1), it names the document it follows by SHA-256, and versions only go up. The
/// service takes its officers from the newest valid version, never from a table.
/// </summary>
internal sealed record RosterDocument
{
    public const int CurrentFormatVersion = 1;

    public required int FormatVersion { get; init; }

    /// <summary>The high side's site id: a roster of one site does not serve another.</summary>
    public required string SiteId { get; init; }

    public required long Version { get; init; }

    /// <summary>SHA-256 (hex) of the version before; null for version 1.</summary>
    public string? PreviousSha256 { get; init; }

    /// <summary>How many distinct active officers must approve a batch, and sign the next roster version.</summary>
    public required int Threshold { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>What this version changes, in words, for the officers who sign it.</summary>
    public required string Change { get; init; }

    public required IReadOnlyList<RosterOfficer> Officers { get; init; }

    /// <summary>Raw keys (base64) officers rotated away from: never an officer's key again, under any name.</summary>
    public required IReadOnlyList<string> RetiredKeys { get; init; }
}
