namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>What <see cref="CycloneDxReader"/> found.</summary>
/// <param name="Packages">One coordinate per distinct package URL of a known type (deb, apk, npm, pypi, nuget) with a version.</param>
/// <param name="SkippedComponents">Components without a purl (the operating system), of another type, or without a version.</param>
public sealed record CycloneDxContents(IReadOnlyList<PackageCoordinate> Packages, int SkippedComponents);
