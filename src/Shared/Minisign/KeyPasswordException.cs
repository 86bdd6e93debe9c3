namespace TransferPipeline.Shared.Minisign;

/// <summary>No usable password could be obtained; the message tells the operator what to do.</summary>
public sealed class KeyPasswordException : Exception
{
    public KeyPasswordException()
    {
    }

    public KeyPasswordException(string message)
        : base(message)
    {
    }

    public KeyPasswordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
