using System.Security.Cryptography;
using System.Text.Json;
using TransferPipeline.Shared.Hashing;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The volume's OCI layout must show exactly the images the manifest says are readable from it, under their layout
/// tags: someone inspecting the media with skopeo must see what the officers approve, not another image under its name.
/// Runs after the content check, so the files are the signed bytes; index.json is hashed again as it is parsed.
/// </summary>
internal static class VolumeLayoutCheck
{
    private const string IndexMediaType = "application/vnd.oci.image.index.v1+json";

    private static readonly string LayoutSha256 = Convert.ToHexStringLower(SHA256.HashData(OciLayoutIndex.LayoutFile));

    // files: the manifest's files, indexed on this volume (the manifest's rules made sure both layout files are listed).
    public static BatchVerificationResult? Run(
        string volumeDirectory, int volumeNumber, BatchManifest manifest, ManifestFileIndex files, long maxIndexBytes, string workDirectory)
    {
        if (!files.TryFind(volumeNumber, BatchFileNames.OciLayout, out var layout) || !layout.Sha256.TextEquals(LayoutSha256))
        {
            return Fail($"{BatchFileNames.OciLayout} is not {System.Text.Encoding.ASCII.GetString(OciLayoutIndex.LayoutFile)}");
        }

        if (!files.TryFind(volumeNumber, BatchFileNames.OciIndex, out var index))
        {
            return Fail($"{BatchFileNames.OciIndex} is not listed for volume {volumeNumber}");
        }

        if (index.Size > maxIndexBytes)
        {
            return BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.OciIndex} is {index.Size} bytes; the limit is {maxIndexBytes}");
        }

        var expected = ReadableImages(manifest, volumeNumber, workDirectory);
        try
        {
            using var file = Sha256Digest.OpenSequential(Path.Combine(volumeDirectory, BatchFileNames.OciIndex));
            using var hashing = new HashingReadStream(file, maxIndexBytes);
            using var document = JsonDocument.Parse(hashing);
            var problem = CheckIndex(document.RootElement, expected);
            if (problem is not null)
            {
                return Fail(problem);
            }

            return hashing.Finish() == index.Sha256
                ? null
                : BatchVerificationResult.Fail(HashMismatch, $"{BatchFileNames.OciIndex} changed while it was being read");
        }
        catch (JsonException ex)
        {
            return Fail($"{BatchFileNames.OciIndex} is not JSON: {ex.Message}");
        }
        catch (InvalidDataException)
        {
            return BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.OciIndex} grew past the limit while being read");
        }
    }

    /// <summary>
    /// The images readable from a volume: those whose every blob is shipped whole (not chunked) on it, keyed by
    /// (media type, digest, size, layout tag) as index.json lists them.
    /// </summary>
    public static HashSet<LayoutEntry> ReadableImages(BatchManifest manifest, int volumeNumber, string workDirectory)
    {
        // The manifest's rules made sure every digest an artifact lists is a blob's: found in an index on disk.
        using var blobs = ManifestBlobIndex.Of(manifest.Blobs, workDirectory);
        IndexedBlob Blob(string digest) => blobs.TryFind(digest, out var blob) ? blob : throw new InvalidOperationException($"blob {digest} is not listed");
        return manifest.Artifacts
            .Where(a => ArtifactKinds.IsInOciLayout(a.Kind))
            .Where(a => a.Blobs.All(d => Blob(d) is { Shipped: true, Chunked: false } blob && blob.Volume == volumeNumber))
            .Select(a => new LayoutEntry(a.MediaType!, a.Digest, Blob(a.Digest).Size, a.LayoutTag!))
            .ToHashSet();
    }

    private static string? CheckIndex(JsonElement root, HashSet<LayoutEntry> expected)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetRawText() != "2"
            || !root.TryGetProperty("mediaType", out var mediaType) || mediaType.ValueKind != JsonValueKind.String
            || mediaType.GetString() != IndexMediaType
            || !root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            return $"{BatchFileNames.OciIndex} is not an OCI image index (schemaVersion 2, mediaType {IndexMediaType}, manifests)";
        }

        foreach (var entry in manifests.EnumerateArray())
        {
            var listed = Descriptor(entry);
            if (listed is null)
            {
                return $"{BatchFileNames.OciIndex} has an entry without mediaType, digest, size and a "
                    + $"{OciLayoutIndex.RefNameAnnotation} annotation";
            }

            if (!expected.Remove(listed))
            {
                return $"{BatchFileNames.OciIndex} lists {DisplayText.Printable(listed.Digest)} as "
                    + $"'{DisplayText.Printable(listed.Tag)}', which is not an image readable from this volume, or lists it twice";
            }
        }

        return expected.Count == 0
            ? null
            : $"{BatchFileNames.OciIndex} does not list image {expected.First().Digest} ('{expected.First().Tag}')";
    }

    private static LayoutEntry? Descriptor(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String
        && entry.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
        && entry.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes)
        && entry.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
        && annotations.TryGetProperty(OciLayoutIndex.RefNameAnnotation, out var tag) && tag.ValueKind == JsonValueKind.String
            ? new LayoutEntry(mediaType.GetString()!, digest.GetString()!, bytes, tag.GetString()!)
            : null;

    private static BatchVerificationResult Fail(string problem) => BatchVerificationResult.Fail(LayoutMismatch, problem);

    /// <summary>One image as index.json lists it.</summary>
    /// <remarks>A class: the set of a struct would be compiled at run time, on every start, for a handful of entries.</remarks>
    internal sealed record LayoutEntry(string MediaType, string Digest, long Size, string Tag);
}
