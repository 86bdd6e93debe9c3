using System.Text.Json;

namespace TransferPipeline.Shared.Npm;

/// <summary>
/// One npm tarball in a package set: its name and version, the file name the registry publishes it under, its size, its
/// SHA-256 (its blob) and npm integrity (SHA-512), and the version's entry of the registry's packument as the registry
/// served it, from which the high side writes its own packument.
/// </summary>
public sealed record NpmPackage
{
    public required string Name { get; init; }
    public required string Version { get; init; }

    /// <summary><c>BASENAME-VERSION.tgz</c> (<see cref="NpmNames.TarballFileName"/>).</summary>
    public required string FileName { get; init; }

    public required long Size { get; init; }

    /// <summary>Lowercase hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary><c>sha512-BASE64</c> (<see cref="NpmIntegrity"/>).</summary>
    public required string Integrity { get; init; }

    /// <summary>The packument's <c>versions[VERSION]</c> object.</summary>
    public required JsonElement Metadata { get; init; }

    /// <summary>The blob digest of the tarball.</summary>
    public string Digest => "sha256:" + Sha256;

    /// <summary>Where the tarball lies below a registry or mirror: <c>NAME/-/FILE</c>.</summary>
    public string Path => $"{Name}/-/{FileName}";
}
