using System.Text.Json;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.HighSide.Kinds.Image;

/// <summary>
/// An image's manifests as the batch shipped them: read from quarantine (or the published batch that shipped them) and
/// checked against their digests every time, since the copy on disk may have been altered after verification.
/// </summary>
internal sealed class QuarantinedManifests(BlobLocator locator)
{
    /// <exception cref="PublishException">The manifest is missing, too large, or no longer matches its digest.</exception>
    public async Task<byte[]> ReadAsync(string quarantineId, string digest, CancellationToken cancellationToken)
    {
        var path = await locator.FindAsync(quarantineId, digest, cancellationToken)
            ?? throw new PublishException(PublishReasons.BlobMissing, $"manifest {digest} is not in quarantine");
        if (new FileInfo(path).Length > RegistryClientOptions.MaxManifestBytes)
        {
            throw new PublishException(PublishReasons.QuarantineTampered, $"manifest {digest} is larger than a registry accepts");
        }

        var bytes = await System.IO.File.ReadAllBytesAsync(path, cancellationToken);
        return Digest.Compute(bytes).Value == digest
            ? bytes
            : throw new PublishException(PublishReasons.QuarantineTampered, $"manifest {digest} in quarantine no longer matches its digest");
    }

    /// <summary>The manifest's own mediaType, else the one the batch declared, else what its shape says.</summary>
    /// <exception cref="OciFormatException">The bytes are not a JSON object, or its mediaType is not a string.</exception>
    public static string MediaTypeOf(byte[] bytes, string? declared)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OciFormatException($"The manifest is a JSON {root.ValueKind}, not an object.");
            }

            if (root.TryGetProperty("mediaType", out var value))
            {
                return value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : throw new OciFormatException($"The manifest's mediaType is a JSON {value.ValueKind}, not a string.");
            }

            return declared ?? (root.TryGetProperty("manifests", out _) ? OciMediaTypes.ImageIndex : OciMediaTypes.ImageManifest);
        }
        catch (JsonException ex)
        {
            throw new OciFormatException($"The manifest is not JSON: {ex.Message}", ex);
        }
    }
}
