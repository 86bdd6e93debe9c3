namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>An expected failure: a stable reason code, a message for the operator, and its kind.</summary>
internal sealed record HighSideError(string Code, string Message, ErrorKind Kind = ErrorKind.Refused)
{
    public override string ToString() => $"[{Code}] {Message}";
}
