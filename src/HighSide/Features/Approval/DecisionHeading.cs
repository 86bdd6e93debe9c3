namespace TransferPipeline.HighSide.Features.Approval;

/// <summary>
/// A stored decision listed without its statement's text, which names every target of the plan and so can be large:
/// the text's size stands in for it until the text is read.
/// </summary>
internal sealed class DecisionHeading
{
    public long Id { get; init; }

    public string BatchId { get; init; } = "";

    public string Decision { get; init; } = "";

    public string KeyId { get; init; } = "";

    public string Officer { get; init; } = "";

    public string? Reason { get; init; }

    public string Signature { get; init; } = "";

    /// <summary>Bytes of the statement's text as stored (which the database tells without reading it); null when the row has none.</summary>
    public long? StatementBytes { get; init; }

    public DateTimeOffset RecordedUtc { get; init; }

    public ApprovalRecord WithStatement(string? statement) => new(Id, BatchId, Decision, KeyId, Officer, Reason, Signature, statement, RecordedUtc);
}
