namespace TransferPipeline.Shared.PyPI;

/// <summary>
/// One distribution file (a wheel or an sdist) of a release in a package set: its project and version, its file name, size
/// and SHA-256 (its blob), and the attributes the index gave its link that the high side serves again.
/// </summary>
public sealed record PyPIPackage
{
    /// <summary>The PEP 503 normalised project name.</summary>
    public required string Name { get; init; }

    /// <summary>The release's PEP 440 version in normal form.</summary>
    public required string Version { get; init; }

    /// <summary>The wheel's or sdist's file name, one of <see cref="Name"/>'s release <see cref="Version"/> (<see cref="PyPINames.ParseFileName"/>).</summary>
    public required string FileName { get; init; }

    public required long Size { get; init; }

    /// <summary>Lowercase hex; the index link's <c>#sha256=</c>.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The link's <c>data-requires-python</c> (HTML-decoded), or null when it had none.</summary>
    public string? RequiresPython { get; init; }

    /// <summary>The link's <c>data-yanked</c> (HTML-decoded; empty when yanked without a reason), or null when it is not yanked.</summary>
    public string? Yanked { get; init; }

    /// <summary>The blob digest of the file.</summary>
    public string Digest => "sha256:" + Sha256;

    /// <summary>Where the file lies below a mirror: <c>packages/NAME/FILE</c>.</summary>
    public string Path => $"packages/{Name}/{FileName}";
}
