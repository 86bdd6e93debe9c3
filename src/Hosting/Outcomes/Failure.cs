namespace TransferPipeline.Hosting.Outcomes;

/// <summary>
/// An expected failure of an operation on either side: a refused batch, an invalid request, a missing
/// record. <see cref="Code"/> is the stable reason code scripts match on; <see cref="Message"/> is one
/// line an operator understands; <see cref="Field"/> names the bad input when there is one.
/// </summary>
public sealed record Failure(string Code, string Message, FailureKind Kind = FailureKind.Refused, string? Field = null)
{
    public override string ToString() => $"{Message} [{Code}]";
}
