using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// How a volume on the media is recognised before anything on it is believed: the SHA-256 of its SHA256SUMS and of its
/// manifest, read without following anything that is not a regular file of sensible size. The drop-folder watcher and
/// media inserted again both use it.
/// </summary>
internal static class VolumeFingerprint
{
    /// <summary>The SHA-256 of a committed volume's SHA256SUMS; neither when it is not committed yet; why it is hostile.</summary>
    public static async Task<(string? Sha256, Failure? Hostile)> SumsDigestAsync(string volume, CancellationToken cancellationToken)
    {
        var directory = FileMetadataReader.Read(volume);
        if (directory.Kind != UnixFileKind.Directory)
        {
            return (null, Hostile(BatchRejectionReason.UnsafeFileType, $"'{volume}' is a {directory.Kind}, not a volume directory"));
        }

        var path = Path.Combine(volume, BatchFileNames.Sums);
        if (!Path.Exists(Path.Combine(volume, BatchFileNames.Signature)) || !(Path.Exists(path) || new FileInfo(path).LinkTarget is not null))
        {
            return (null, null);
        }

        await using var sums = FileMetadataReader.OpenRegular(path, out var metadata);
        var limit = BatchLimits.Default.MaxSumsBytes;
        if (sums is null || metadata.Size > limit)
        {
            return (null, sums is null
                ? Hostile(BatchRejectionReason.UnsafeFileType, $"{BatchFileNames.Sums} of '{volume}' is a {metadata.Kind}, not a regular file")
                : Hostile(BatchRejectionReason.LimitExceeded, $"{BatchFileNames.Sums} of '{volume}' is {metadata.Size} bytes; the limit is {limit}"));
        }

        await using var hashing = new HashingReadStream(sums, limit);
        try
        {
            return (await hashing.FinishAsync(cancellationToken), null);
        }
        catch (InvalidDataException)
        {
            return (null, Hostile(BatchRejectionReason.LimitExceeded, $"{BatchFileNames.Sums} of '{volume}' grew past {limit} bytes while being read"));
        }
    }

    /// <summary>The SHA-256 of a volume's manifest as it lies on the media; null when it is not a regular file or cannot be read.</summary>
    public static async Task<string?> ManifestDigestAsync(string volume, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = FileMetadataReader.OpenRegular(Path.Combine(volume, BatchFileNames.Manifest), out _);
            if (file is null)
            {
                return null;
            }

            await using var hashing = new HashingReadStream(file, BatchLimits.Default.MaxManifestBytes);
            return await hashing.FinishAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    private static Failure Hostile(BatchRejectionReason reason, string message) => new(reason.ToCode(), message + "; skipped");
}
