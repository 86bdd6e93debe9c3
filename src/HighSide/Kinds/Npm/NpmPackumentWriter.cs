using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>
/// Writes a package's packument, <c>NAME/index.json</c> below the mirror, atomically: every published version's registry entry
/// with <c>dist.tarball</c> pointing into the mirror (its integrity kept), and <c>dist-tags.latest</c> the highest release
/// by SemVer (the highest prerelease when there is no release).
/// </summary>
internal static class NpmPackumentWriter
{
    public const string FileName = "index.json";

    private static readonly SemVerOrdering SemVer = new();

    public static async Task WriteAsync(string mirror, string baseUrl, string name, IReadOnlyList<PublishedNpmPackage> versions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var latest = versions.Select(v => v.Version).Order(Comparer<string>.Create(Compare)).Last();
        var directory = Path.Combine(mirror, name);
        StagedFile.EnsureDirectories(mirror, directory);
        await StagedFile.WriteAsync(Path.Combine(directory, FileName), async (stream, ct) =>
        {
            await using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartObject();
            writer.WriteString("_id", name);
            writer.WriteString("name", name);
            writer.WriteStartObject("dist-tags");
            writer.WriteString("latest", latest);
            writer.WriteEndObject();
            writer.WriteStartObject("versions");
            foreach (var version in versions)
            {
                writer.WritePropertyName(version.Version);
                Entry(version, $"{baseUrl}/{NpmNames.TarballPath(name, version.Version)}").WriteTo(writer);
                await writer.FlushAsync(ct);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("time");
            foreach (var version in versions)
            {
                writer.WriteString(version.Version, version.PublishedUtc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }, cancellationToken);
    }

    // Releases rank above prereleases whatever their numbers: npm install NAME should not pick a prerelease while a release exists.
    private static int Compare(string a, string b)
    {
        (a, b) = (a.Split('+')[0], b.Split('+')[0]);
        var released = (!a.Contains('-', StringComparison.Ordinal)).CompareTo(!b.Contains('-', StringComparison.Ordinal));
        return released != 0 ? released : SemVer.Compare(a, b);
    }

    private static JsonObject Entry(PublishedNpmPackage version, string tarball)
    {
        var entry = JsonNode.Parse(version.Metadata)!.AsObject();
        if (entry["dist"] is not JsonObject dist)
        {
            dist = [];
            entry["dist"] = dist;
        }

        dist["tarball"] = tarball;
        dist["integrity"] = version.Integrity;
        return entry;
    }
}
