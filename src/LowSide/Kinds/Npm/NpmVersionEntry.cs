using System.Text.Json;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>A version's entry of a registry's packument: the whole object, and the tarball URL and integrity it gives.</summary>
internal sealed record NpmVersionEntry(JsonElement Metadata, Uri Tarball, string Integrity);
