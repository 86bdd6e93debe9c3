namespace TransferPipeline.Shared.NuGet;

/// <summary>
/// One .nupkg in a package set: its id (as its nuspec spells it) and normalised version, the lower-case file name a flat
/// container publishes it under, its size, its SHA-256 (its blob), its SHA-512 as a flat container's <c>.nupkg.sha512</c>
/// carries it, and the content hash a lock file gave for it, when one did.
/// </summary>
public sealed record NuGetPackage
{
    public required string Id { get; init; }
    public required string Version { get; init; }

    /// <summary><c>{id}.{version}.nupkg</c>, lower case (<see cref="NuGetNames.PackageFileName"/>).</summary>
    public required string FileName { get; init; }

    public required long Size { get; init; }

    /// <summary>Lowercase hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The base64 SHA-512 of the file.</summary>
    public required string Sha512 { get; init; }

    /// <summary>
    /// NuGet's content hash (base64 SHA-512) from the lock file the package was gathered for; for a signed package it is the hash
    /// of the package without its signature, so not <see cref="Sha512"/>. Null for pinned packages.
    /// </summary>
    public string? ContentHash { get; init; }

    /// <summary>The blob digest of the .nupkg.</summary>
    public string Digest => "sha256:" + Sha256;

    /// <summary>Where the .nupkg lies below a flat container or folder feed: <c>{id}/{version}/{file}</c>, lower case.</summary>
    public string Path => NuGetNames.PackagePath(Id, Version);

    /// <summary><c>Id@Version</c>.</summary>
    public string Pin => $"{Id}@{Version}";
}
