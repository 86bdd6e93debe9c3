namespace TransferPipeline.Shared.NuGet;

/// <summary>A package set that breaks a NUGET rule of the batch format; the reason code is <see cref="ReasonCode"/>.</summary>
public sealed class NuGetPackageSetException(string message) : Exception(message)
{
    public const string ReasonCode = "package-set-invalid";
}
