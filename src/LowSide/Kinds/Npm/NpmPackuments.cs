using System.Text.Json;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.LowSide.Kinds.Npm;

/// <summary>Reads packuments (a package's registry document, <c>REGISTRY/NAME</c>) and the entry of one version in them.</summary>
internal static class NpmPackuments
{
    /// <summary>The largest packument read (the full documents of packages with thousands of versions run to tens of MiB).</summary>
    public const long MaxBytes = 96L * 1024 * 1024;

    // Scoped names are asked for as '@scope/name', which registries answer as '@scope%2fname': sources are checked on
    // decoded paths, and an escaped separator is refused there.
    public static async Task<JsonDocument> GetAsync(HttpFileDownloader downloader, string registry, string name, CancellationToken ct)
    {
        var url = new Uri($"{registry}/{name}");
        var bytes = await downloader.GetSmallAsync(url, MaxBytes, ct);
        try
        {
            var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document
                : throw new GatherRefusedException(NpmReasons.MetadataInvalid, $"{url} is not a packument (not a JSON object)");
        }
        catch (JsonException ex)
        {
            throw new GatherRefusedException(NpmReasons.MetadataInvalid, $"{url} is not JSON: {ex.Message}");
        }
    }

    /// <summary>The entry of <paramref name="pin"/>'s version; refused unless it names the pin and gives a tarball and a SHA-512.</summary>
    public static NpmVersionEntry VersionEntry(JsonDocument packument, NpmPin pin)
    {
        ArgumentNullException.ThrowIfNull(packument);
        ArgumentNullException.ThrowIfNull(pin);
        if (!packument.RootElement.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Object
            || !versions.TryGetProperty(pin.Version, out var entry) || entry.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{pin} is not in the registry's packument of {pin.Name}");
        }

        if (Text(entry, "name") != pin.Name || Text(entry, "version") != pin.Version
            || entry.GetRawText().Length > NpmPackageSetFormat.MaxMetadataChars)
        {
            throw Invalid($"{pin}: the registry's entry names '{Text(entry, "name")}@{Text(entry, "version")}' or is longer than "
                + $"{NpmPackageSetFormat.MaxMetadataChars} characters");
        }

        var dist = entry.TryGetProperty("dist", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var integrity = Text(dist, "integrity");
        if (!NpmIntegrity.IsValid(integrity))
        {
            throw Invalid(integrity is null && Text(dist, "shasum") is not null
                ? $"{pin} has only a SHA-1 shasum in the registry, no SHA-512 integrity: it cannot be checked well enough"
                : $"{pin} has integrity '{integrity}' in the registry, not {NpmIntegrity.Description}");
        }

        return Uri.TryCreate(Text(dist, "tarball"), UriKind.Absolute, out var tarball) && tarball.Scheme is "http" or "https"
            ? new NpmVersionEntry(entry.Clone(), tarball, integrity!)
            : throw Invalid($"{pin} has no http(s) dist.tarball in the registry");
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static GatherRefusedException Invalid(string message) => new(NpmReasons.MetadataInvalid, message);
}
