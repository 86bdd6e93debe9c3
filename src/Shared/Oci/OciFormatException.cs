namespace TransferPipeline.Shared.Oci;

/// <summary>A manifest, index or registry answer that is not well-formed or breaks the OCI rules.</summary>
public sealed class OciFormatException : Exception
{
    public OciFormatException()
    {
    }

    public OciFormatException(string message)
        : base(message)
    {
    }

    public OciFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
