namespace TransferPipeline.Shared.Debian;

/// <summary>
/// The root blob of a <c>deb</c> artifact: the packages the low side resolved for a request (the packages named and
/// everything they depend on), each with its stanza from the repository's verified Packages index. The high side
/// publishes its internal apt repository from it. Specified in docs/batch-format.md, section 4.10.
/// </summary>
public sealed record DebianPackageSet
{
    public const string CurrentFormat = "transferpipeline-deb-set/1";

    /// <summary>The media type the low side records for the set's blob.</summary>
    public const string MediaType = "application/vnd.transferpipeline.deb-set.v1+json";

    public required string Format { get; init; }
    public required string Repository { get; init; }
    public required string Suite { get; init; }
    public required string Component { get; init; }
    public required string Architecture { get; init; }

    /// <summary>The package names the request named, in its order.</summary>
    public required IReadOnlyList<string> Requested { get; init; }

    public DebianRelease? Release { get; init; }

    /// <summary>Sorted by <see cref="DebianPackage.Filename"/> (ordinal), each once.</summary>
    public required IReadOnlyList<DebianPackage> Packages { get; init; }

    public DebianSource Source => new(new Uri(Repository, UriKind.Absolute), Suite, Component);
}
