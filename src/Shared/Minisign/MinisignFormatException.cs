namespace TransferPipeline.Shared.Minisign;

/// <summary>A minisign key or signature text is malformed; the message says which line and why.</summary>
public sealed class MinisignFormatException : FormatException
{
    public MinisignFormatException()
    {
    }

    public MinisignFormatException(string message)
        : base(message)
    {
    }

    public MinisignFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
