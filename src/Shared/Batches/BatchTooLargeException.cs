namespace TransferPipeline.Shared.Batches;

/// <summary>The batch would exceed a limit the high side's verifier enforces; nothing was written.</summary>
public sealed class BatchTooLargeException : Exception
{
    public BatchTooLargeException()
    {
    }

    public BatchTooLargeException(string message)
        : base(message)
    {
    }

    public BatchTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
