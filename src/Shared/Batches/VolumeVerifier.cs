using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using static TransferPipeline.Shared.Batches.BatchRejectionReason;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Verifies one volume directory on its own, in the order docs/batch-format.md specifies, stopping at the first
/// failure: the manifest's signature by a trusted key; its schema and values; which volume this is and its
/// SHA256SUMS; that the volume holds exactly the listed files as plain files; every file's size and SHA-256 (and
/// the joined chunks of blobs wholly on this volume); and finally its OCI layout.
/// </summary>
/// <remarks>
/// The checks run on the calling thread (the content check also on one more thread per further core): the command line
/// calls <see cref="Verify"/> directly, and services use <see cref="VerifyAsync"/>, which runs it on the thread pool. A
/// synchronous path costs a short `verify` no async state machines to compile at start.
/// </remarks>
public static class VolumeVerifier
{
    /// <summary>Verifies on the thread pool, for callers that must not block.</summary>
    public static Task<BatchVerificationResult> VerifyAsync(
        string volumeDirectory, IReadOnlyCollection<TrustedSigningKey> trustedKeys, BatchVerificationOptions options,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Verify(volumeDirectory, trustedKeys, options, cancellationToken), cancellationToken);

    public static BatchVerificationResult Verify(
        string volumeDirectory, IReadOnlyCollection<TrustedSigningKey> trustedKeys, BatchVerificationOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        ArgumentNullException.ThrowIfNull(options);
        var root = CheckRoot(volumeDirectory);
        if (root is not null)
        {
            return root;
        }

        var (signed, failure) = ManifestSignatureCheck.Run(volumeDirectory, trustedKeys, options, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var manifest = signed!.Manifest;
        var (volume, result) = IdentifyVolume(volumeDirectory, manifest, options.Limits.MaxSumsBytes, cancellationToken);
        long bytes = 0;
        if (result is null)
        {
            var workDirectory = options.WorkDirectory ?? Path.GetTempPath();
            using var files = ManifestFileIndex.OfVolume(manifest.Files, volume!.Number, workDirectory);
            result = VolumeSumsCheck.Run(volumeDirectory, volume, files, options.Limits.MaxSumsBytes, cancellationToken)
                ?? VolumeInventory.Check(volumeDirectory, volume.Number, manifest, files);
            if (result is null)
            {
                (result, bytes) = VolumeContentCheck.Run(volumeDirectory, volume.Number, manifest, options, cancellationToken);
                result ??= VolumeLayoutCheck.Run(volumeDirectory, volume.Number, manifest, files, options.Limits.MaxLayoutIndexBytes, workDirectory);
            }
        }

        result ??= new BatchVerificationResult
        {
            IsValid = true,
            Message = $"volume {volume!.Number} of {manifest.Volumes.Count} of batch {manifest.BatchId} "
                + $"(site {manifest.SiteId}, sequence {manifest.Sequence}) "
                + $"is intact and signed by trusted key {signed.SigningKey.KeyIdHex}",
        };

        return result with
        {
            Manifest = manifest,
            ManifestSha256 = signed.Sha256,
            SigningKey = signed.SigningKey,
            VolumeNumber = volume?.Number,
            BytesVerified = bytes,
        };
    }

    private static BatchVerificationResult? CheckRoot(string volumeDirectory)
    {
        if (!Directory.Exists(volumeDirectory))
        {
            return BatchVerificationResult.Fail(VolumeIncomplete, $"'{volumeDirectory}' is not a directory");
        }

        var metadata = NativeFileSystem.GetMetadata(volumeDirectory.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/");
        return metadata.Kind == UnixFileKind.Directory
            ? null
            : BatchVerificationResult.Fail(UnsafeFileType, $"'{volumeDirectory}' is a symbolic link, not a volume directory");
    }

    // A volume is recognised by the hash of its SHA256SUMS, which the signed manifest lists, so renaming
    // the directory (as a copy into quarantine does) is harmless and swapping volumes is caught.
    private static (ManifestVolume? Volume, BatchVerificationResult? Failure) IdentifyVolume(
        string volumeDirectory, BatchManifest manifest, long maxSumsBytes, CancellationToken cancellationToken)
    {
        var sumsPath = Path.Combine(volumeDirectory, BatchFileNames.Sums);
        if (!File.Exists(sumsPath) && !Directory.Exists(sumsPath) && new FileInfo(sumsPath).LinkTarget is null)
        {
            return (null, BatchVerificationResult.Fail(MissingFile, $"the volume has no {BatchFileNames.Sums}"));
        }

        var metadata = NativeFileSystem.GetMetadata(sumsPath);
        if (metadata.Kind != UnixFileKind.Regular)
        {
            return (null, BatchVerificationResult.Fail(UnsafeFileType, $"{BatchFileNames.Sums} is not a regular file"));
        }

        if (metadata.Size > maxSumsBytes)
        {
            return (null, BatchVerificationResult.Fail(LimitExceeded, $"{BatchFileNames.Sums} is {metadata.Size} bytes; the limit is {maxSumsBytes}"));
        }

        var hashed = Sha256Digest.ComputeFile(sumsPath, cancellationToken);
        var volume = manifest.Volumes.FirstOrDefault(v => v.Sha256Sums == hashed.Sha256);
        if (volume is not null)
        {
            return (volume, null);
        }

        var byName = manifest.Volumes.FirstOrDefault(v => v.Name == Path.GetFileName(Path.TrimEndingDirectorySeparator(volumeDirectory)));
        var message = byName is null
            ? $"{BatchFileNames.Sums} matches no volume of batch {manifest.BatchId}: the volume was altered or belongs to another batch"
            : $"{BatchFileNames.Sums} of volume {byName.Number} does not match its sha256 in the manifest: it was altered";
        return (null, BatchVerificationResult.Fail(HashMismatch, message));
    }
}
