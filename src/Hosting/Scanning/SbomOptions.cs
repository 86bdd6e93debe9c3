namespace TransferPipeline.Hosting.Scanning;

/// <summary>
/// The `Scanning:Sbom` section (low side): each gathered image gets a CycloneDX SBOM per platform, carried in the batch as an
/// OCI referrer of the image. Independent of <see cref="ScanningOptions.Enabled"/>: it needs no scanner data.
/// </summary>
public sealed class SbomOptions
{
    public bool Enabled { get; set; } = true;
}
