namespace TransferPipeline.Shared.NuGet;

/// <summary>
/// The root blob of a <c>nuget</c> artifact: the .nupkg files the low side gathered for a request (the pinned versions, or every
/// package a packages.lock.json resolves). The high side publishes its internal NuGet feed from it. Specified in
/// docs/batch-format.md, section 4.13.
/// </summary>
public sealed record NuGetPackageSet
{
    public const string CurrentFormat = "transferpipeline-nuget-set/1";

    /// <summary>The media type the low side records for the set's blob.</summary>
    public const string MediaType = "application/vnd.transferpipeline.nuget-set.v1+json";

    public required string Format { get; init; }

    /// <summary>The service index URL: the artifact's source.</summary>
    public required string ServiceIndex { get; init; }

    /// <summary>The pins of the artifact's name, in its order; empty when the artifact came from a lock file.</summary>
    public required IReadOnlyList<string> Requested { get; init; }

    /// <summary>Sorted by lower-case id, then version (ordinal), each once.</summary>
    public required IReadOnlyList<NuGetPackage> Packages { get; init; }
}
