namespace TransferPipeline.Shared.Batches;

/// <summary>A manifest went past one of the verifier's limits while it was being parsed (reason <c>limit-exceeded</c>).</summary>
public sealed class ManifestLimitExceededException : Exception
{
    public ManifestLimitExceededException()
    {
    }

    public ManifestLimitExceededException(string message)
        : base(message)
    {
    }

    public ManifestLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
