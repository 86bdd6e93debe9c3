namespace TransferPipeline.Shared.PyPI;

/// <summary>A package set that breaks a PYPI rule of the batch format; the reason code is <see cref="ReasonCode"/>.</summary>
public sealed class PyPIPackageSetException(string message) : Exception(message)
{
    public const string ReasonCode = "package-set-invalid";
}
