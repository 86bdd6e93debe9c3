namespace TransferPipeline.LowSide.Errors;

/// <summary>
/// An expected failure: a refused request, a missing record, media without room. The code is stable
/// for scripts; the message is one line an operator understands; the field names the bad input.
/// </summary>
internal sealed record LowSideError(string Code, string Message, string? Field = null)
{
    public const string ValidationFailed = "validation-failed";
    public const string SourceNotAllowed = "source-not-allowed";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string NothingToShip = "nothing-to-ship";
    public const string InsufficientSpace = "insufficient-space";
    public const string BatchTooLarge = "batch-too-large";
    public const string VerificationFailed = "verification-failed";
    public const string ReceiptRefused = "receipt-refused";
    public const string NotInitialized = "not-initialized";
    public const string KeyUnavailable = "key-unavailable";
}
