namespace TransferPipeline.Shared.PyPI;

/// <summary>
/// The root blob of a <c>pypi</c> artifact: the wheels and sdists the low side gathered from a simple index for a request
/// (every file of the pinned releases, or the hashed files of every requirement). The high side publishes its simple index
/// from it. Specified in docs/batch-format.md, section 4.12.
/// </summary>
public sealed record PyPIPackageSet
{
    public const string CurrentFormat = "transferpipeline-pypi-set/1";

    /// <summary>The media type the low side records for the set's blob.</summary>
    public const string MediaType = "application/vnd.transferpipeline.pypi-set.v1+json";

    public required string Format { get; init; }

    /// <summary>The simple index URL: the artifact's source.</summary>
    public required string Index { get; init; }

    /// <summary>The pins of the artifact's name, in its order; empty when the artifact came from a requirements file.</summary>
    public required IReadOnlyList<string> Requested { get; init; }

    /// <summary>Sorted by name, then version, then file name (ordinal), each file once.</summary>
    public required IReadOnlyList<PyPIPackage> Packages { get; init; }
}
