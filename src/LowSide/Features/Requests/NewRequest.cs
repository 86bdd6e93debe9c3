namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// What a requester asks for, as the CLI and the HTTP API receive it. <see cref="Source"/> is an image
/// reference (image), an http(s) URL (file) or a chart repository URL (chart, with Name and Version).
/// </summary>
internal sealed record NewRequest
{
    public string? Kind { get; init; }
    public string? Source { get; init; }
    public string? Name { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<string>? Platforms { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>Ignored: the requester is whoever authenticated (kept so that older clients' bodies still parse).</summary>
    public string? Requester { get; init; }
    public string? Justification { get; init; }
    public string? Ticket { get; init; }

    /// <summary>For kinds that take one (<c>RequestKind.MaxDocumentChars</c>): the text of a lock file the request is resolved from.</summary>
    public string? Document { get; init; }
}
