namespace TransferPipeline.Shared.Debian;

/// <summary>A package set that breaks a DEB rule of the batch format; the reason code is <see cref="ReasonCode"/>.</summary>
public sealed class DebianPackageSetException(string message) : Exception(message)
{
    public const string ReasonCode = "package-set-invalid";
}
