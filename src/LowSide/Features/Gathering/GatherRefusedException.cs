namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>A permanent reason not to gather a request (not found, not allowed, wrong content); retrying will not help.</summary>
internal sealed class GatherRefusedException : Exception
{
    public GatherRefusedException()
    {
    }

    public GatherRefusedException(string message)
        : base(message)
    {
    }

    public GatherRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GatherRefusedException(string reasonCode, string message)
        : base(message) => ReasonCode = reasonCode;

    /// <summary>The request's failure code: gather-failed unless a more precise one applies (malware-found, scanner-failed).</summary>
    public string ReasonCode { get; } = LowSideReasons.GatherFailed;
}
