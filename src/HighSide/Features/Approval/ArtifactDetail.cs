namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>An artifact as an officer reviews it, with what changed against the previously published version.</summary>
internal sealed record ArtifactDetail(string Kind, string Name, string? Version, string Source, string Digest, long Bytes, string Requester,
    string Justification, string? Ticket, string Change, string? PreviousVersion, string? PreviousDigest, int NewBlobs, int SharedBlobs, bool Published);
