using System.Text.Json;
using TransferPipeline.Shared.Json;

namespace TransferPipeline.Shared.Batches;

/// <summary>Parses (by hand: <see cref="ManifestDocumentWalk"/>) and serialises manifest.json, strictly: unknown or duplicate properties are errors.</summary>
public static class ManifestReader
{
    /// <summary>Reads formatVersion alone, so a newer format is reported as such, not as malformed.</summary>
    public static int? PeekFormatVersion(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("formatVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>
    /// Parses a manifest; throws <see cref="JsonException"/> with what is wrong. Its blobs and files are kept in
    /// <paramref name="workDirectory"/> while the manifest is held (<see cref="ManifestBlobCollection"/>,
    /// <see cref="ManifestFileCollection"/>), the system's temporary directory when null. Artifacts holding more text than
    /// <see cref="BatchLimits.MaxArtifactTextLength"/> throw <see cref="ManifestLimitExceededException"/> as soon as they do.
    /// </summary>
    public static BatchManifest Parse(ReadOnlySpan<byte> json, string? workDirectory = null)
    {
        using var walk = new ManifestDocumentWalk(workDirectory ?? Path.GetTempPath(), BatchLimits.Default.MaxArtifactTextLength);
        StreamedJson.Read(json, walk);
        return walk.Result();
    }

    /// <summary>
    /// Parses a manifest from a stream, on the calling thread, without holding its text: memory is the parsed manifest, whose
    /// repeated digests and paths are shared, and whose blobs and files are kept on disk. Throws <see cref="JsonException"/> like
    /// <see cref="Parse(ReadOnlySpan{byte}, string)"/>, within <paramref name="limits"/> (the defaults when null).
    /// </summary>
    public static BatchManifest Parse(Stream json, CancellationToken cancellationToken, string? workDirectory = null, BatchLimits? limits = null)
    {
        using var walk = new ManifestDocumentWalk(
            workDirectory ?? Path.GetTempPath(), (limits ?? BatchLimits.Default).MaxArtifactTextLength);
        StreamedJson.Read(json, walk, cancellationToken);
        return walk.Result();
    }

    /// <summary>As <see cref="Parse(Stream, CancellationToken, string, BatchLimits)"/> with the default limits, reading asynchronously.</summary>
    public static async ValueTask<BatchManifest> ParseAsync(Stream json, CancellationToken cancellationToken, string? workDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var walk = new ManifestDocumentWalk(workDirectory ?? Path.GetTempPath(), BatchLimits.Default.MaxArtifactTextLength);
        await StreamedJson.ReadAsync(json, walk, cancellationToken);
        return walk.Result();
    }

    public static byte[] Serialize(BatchManifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, BatchJsonContext.Default.BatchManifest);
}
