namespace TransferPipeline.Shared.Scanning;

/// <summary>
/// One package an artifact contains, as an SBOM lists it and a vulnerability database looks it up.
/// </summary>
/// <param name="Ecosystem">The OSV ecosystem name: <c>Debian</c>, <c>Alpine</c>, <c>npm</c>, <c>PyPI</c> or <c>NuGet</c>.</param>
/// <param name="Name">The package name as the ecosystem spells it (a Debian binary package name).</param>
/// <param name="Version">The installed version, in the ecosystem's own syntax.</param>
/// <param name="Purl">The package URL, e.g. <c>pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&amp;distro=debian-12</c>.</param>
/// <param name="SourceName">The source package, where the ecosystem has one (Debian <c>Source:</c>, Alpine origin).</param>
/// <param name="SourceVersion">The source package's version when it differs from <paramref name="Version"/>.</param>
/// <param name="Distro">The distribution release the package was built for, e.g. <c>debian-12</c> or <c>alpine-3.19</c>; null when unknown.</param>
public sealed record PackageCoordinate(
    string Ecosystem,
    string Name,
    string Version,
    string Purl,
    string? SourceName = null,
    string? SourceVersion = null,
    string? Distro = null);
