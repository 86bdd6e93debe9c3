namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>The package an OSV <c>affected</c> entry names: ecosystem (maybe with a release, <c>Debian:12</c>) and name.</summary>
internal sealed record OsvPackage(string? Ecosystem, string? Name, string? Purl = null);
