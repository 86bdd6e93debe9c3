namespace TransferPipeline.Shared.Npm;

/// <summary>A package set that breaks an NPM rule of the batch format; the reason code is <see cref="ReasonCode"/>.</summary>
public sealed class NpmPackageSetException(string message) : Exception(message)
{
    public const string ReasonCode = "package-set-invalid";
}
