namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>Vulnerability data that cannot be read whole: a malformed or oversized record, named by file and zip entry.</summary>
public sealed class OsvDataException : Exception
{
    public OsvDataException()
    {
    }

    public OsvDataException(string message)
        : base(message)
    {
    }

    public OsvDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
