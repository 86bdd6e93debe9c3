namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>A stored request and what gathering found.</summary>
internal sealed record ArtifactRequest
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Source { get; init; }
    public string? Name { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public string? ExpectedSha256 { get; init; }
    public required string Requester { get; init; }

    /// <summary>The requester's name when they filed it (a local user's name, the provider's name claim): for people to read, never compared.</summary>
    public string? RequesterName { get; init; }

    public required string Justification { get; init; }
    public string? Ticket { get; init; }
    public required string Status { get; init; }
    public string? Failure { get; init; }

    /// <summary>The reason code of a failed request: malware-found, scanner-failed, gather-failed.</summary>
    public string? FailureCode { get; init; }
    public string? ResolvedDigest { get; init; }
    public string? MediaType { get; init; }
    public long Attempts { get; init; }
    /// <summary>For a part of another request (an image a chart needs): that request's id. Parts are gathered and cut with it.</summary>
    public string? ParentId { get; init; }

    /// <summary>For a part: where it was found (an annotation, values.yaml, a template) or who added it.</summary>
    public string? Origin { get; init; }

    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset UpdatedUtc { get; init; }
}
