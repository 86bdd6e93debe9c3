using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.NuGet;

/// <summary>
/// Writes the NuGet feed's generated files atomically: the service index (<c>index.json</c>, its PackageBaseAddress/3.0.0 the
/// flat container's URL), a package's version list (<c>flatcontainer/{id}/index.json</c>), and beside each .nupkg its nuspec
/// and its <c>.nupkg.sha512</c>, which a hierarchical folder feed needs to take the package as complete.
/// </summary>
internal static class NuGetFeedWriter
{
    /// <summary>The flat container's folder below the mirror; the same tree is the hierarchical folder feed.</summary>
    public const string FlatContainer = "flatcontainer";

    public const string IndexFileName = "index.json";

    /// <summary>The longest nuspec served.</summary>
    public const long MaxNuspecBytes = 1024 * 1024;

    public static Task WriteServiceIndexAsync(string mirror, string baseUrl, CancellationToken cancellationToken) =>
        StagedFile.WriteAsync(Path.Combine(mirror, IndexFileName), async (stream, ct) =>
        {
            await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteString("version", "3.0.0");
            writer.WriteStartArray("resources");
            writer.WriteStartObject();
            writer.WriteString("@id", $"{baseUrl}/{FlatContainer}/");
            writer.WriteString("@type", "PackageBaseAddress/3.0.0");
            writer.WriteString("comment", "Base URL of where NuGet packages are stored, in the format {id}/{version}/{id}.{version}.nupkg");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(ct);
        }, cancellationToken);

    /// <summary>Writes <c>{id}/index.json</c> below the flat container: <paramref name="versions"/> (lower case, lowest first).</summary>
    public static async Task WriteVersionsAsync(string mirror, string idLower, IReadOnlyList<string> versions, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(mirror, FlatContainer, idLower);
        StagedFile.EnsureDirectories(mirror, directory);
        await StagedFile.WriteAsync(Path.Combine(directory, IndexFileName), async (stream, ct) =>
        {
            await using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartObject();
            writer.WriteStartArray("versions");
            foreach (var version in versions)
            {
                writer.WriteStringValue(version);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(ct);
        }, cancellationToken);
    }

    public static Task WriteSha512Async(string target, string sha512, CancellationToken cancellationToken) =>
        StagedFile.WriteBytesAsync(target, Encoding.ASCII.GetBytes(sha512), cancellationToken);

    /// <summary>
    /// Copies the nuspec out of <paramref name="package"/> (read through its zip directory, never the whole package) to
    /// <paramref name="target"/>; a package without exactly one nuspec at its root, or with one over the limit, is refused.
    /// </summary>
    public static async Task WriteNuspecAsync(string package, string target, string what, CancellationToken cancellationToken)
    {
        try
        {
            await using var zip = await ZipFile.OpenReadAsync(package, cancellationToken);
            var nuspecs = zip.Entries.Where(e => !e.FullName.Contains('/', StringComparison.Ordinal)
                && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
            if (nuspecs is not [var nuspec] || nuspec.Length > MaxNuspecBytes)
            {
                throw Unsafe(what, $"it has {nuspecs.Count} nuspec files at its root, or one larger than {MaxNuspecBytes} bytes");
            }

            await StagedFile.WriteAsync(target, async (stream, ct) =>
            {
                await using var entry = await nuspec.OpenAsync(ct);
                await entry.CopyToAsync(stream, ct);
            }, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw Unsafe(what, ex.Message);
        }
    }

    private static PublishException Unsafe(string what, string why) =>
        new(PublishReasons.ArchiveUnsafe, $"{what} is not a .nupkg whose nuspec can be served: {why}");
}
