namespace TransferPipeline.Shared.Npm;

/// <summary>
/// The root blob of an <c>npm</c> artifact: the tarballs the low side gathered for a request (the pinned versions, or
/// every package a lock file lists), each with its packument entry. The high side publishes its internal npm registry
/// from it. Specified in docs/batch-format.md, section 4.11.
/// </summary>
public sealed record NpmPackageSet
{
    public const string CurrentFormat = "transferpipeline-npm-set/1";

    /// <summary>The media type the low side records for the set's blob.</summary>
    public const string MediaType = "application/vnd.transferpipeline.npm-set.v1+json";

    public required string Format { get; init; }

    /// <summary>The registry URL: the artifact's source.</summary>
    public required string Registry { get; init; }

    /// <summary>The pins of the artifact's name, in its order; empty when the artifact came from a lock file.</summary>
    public required IReadOnlyList<string> Requested { get; init; }

    /// <summary>Sorted by name, then version (ordinal), each once.</summary>
    public required IReadOnlyList<NpmPackage> Packages { get; init; }
}
