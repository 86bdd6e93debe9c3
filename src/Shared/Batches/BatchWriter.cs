using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Writes a batch onto media as one or more volumes. Payload files go first (temporary name, flush,
/// rename), then each volume's layout files and SHA256SUMS, then manifest.json, and the signature last
/// on every volume: the signature is the commit marker, so a crash at any point leaves nothing that a
/// verifier would take for a batch. Memory stays flat: blobs stream through one pooled buffer.
/// </summary>
public sealed class BatchWriter(IBlobSource blobSource, TimeProvider timeProvider)
{
    public async Task<BatchWriteResult> WriteAsync(
        BatchWriteRequest request, MinisignSecretKey signingKey, string mediaDirectory, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signingKey);
        ValidateRequest(request);

        var allBlobs = request.Artifacts.SelectMany(a => a.Blobs).DistinctBy(b => b.Digest, StringComparer.Ordinal).ToList();
        var shipped = allBlobs.Where(b => !request.BlobsPresentOnHighSide.Contains(b.Digest)).ToList();
        var layoutTags = LayoutTags.Assign(request.Artifacts);
        var created = TruncateToSeconds(timeProvider.GetUtcNow());
        var (planner, pieces, composer) = PlanVolumes(request, allBlobs, shipped, layoutTags, signingKey.PublicKey.KeyIdHex, created);

        Directory.CreateDirectory(mediaDirectory);
        EnsureSpace(mediaDirectory, planner, pieces, composer.VolumeCount);
        var volumeDirectories = Enumerable.Range(1, composer.VolumeCount)
            .Select(n => Path.Combine(mediaDirectory, BatchFileNames.VolumeName(request.BatchId, n)))
            .ToList();
        foreach (var directory in volumeDirectories)
        {
            PrepareVolumeDirectory(directory);
        }

        var pieceHashes = await WritePayloadAsync(pieces, volumeDirectories, progress, cancellationToken);
        var artifacts = composer.Artifacts();
        var blobs = composer.Blobs(pieceHashes);
        var files = composer.PayloadFiles(pieceHashes);
        var volumes = await VolumeControlFiles.WriteAsync(volumeDirectories, request.BatchId, artifacts, blobs, files, cancellationToken);
        var manifest = composer.Compose(files, volumes, artifacts, blobs);
        var manifestBytes = ManifestReader.Serialize(manifest);
        var signature = signingKey.SignPrehashed(
            Crypto.Blake2bHash.Compute(manifestBytes, 64),
            BatchTrustedComment.For(manifest),
            $"TransferPipeline batch {manifest.BatchId}, {manifest.Volumes.Count} volume(s)");
        var signatureBytes = System.Text.Encoding.UTF8.GetBytes(signature.ToFileText());

        foreach (var directory in volumeDirectories)
        {
            await DurableFile.WriteAllBytesAsync(Path.Combine(directory, BatchFileNames.Manifest), manifestBytes, cancellationToken);
        }

        foreach (var directory in volumeDirectories)
        {
            await DurableFile.WriteAllBytesAsync(Path.Combine(directory, BatchFileNames.Signature), signatureBytes, cancellationToken);
        }

        return new BatchWriteResult(manifest, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), volumeDirectories,
            pieces.Sum(p => p.Length));
    }

    private static (VolumePlanner, IReadOnlyList<PlannedPiece>, ManifestComposer) PlanVolumes(
        BatchWriteRequest request, IReadOnlyList<BlobInput> allBlobs, IReadOnlyList<BlobInput> shipped,
        IReadOnlyList<string?> layoutTags, string keyId, DateTimeOffset created)
    {
        // The metadata size depends on the plan and the plan on the room the metadata leaves: iterate
        // from a small reserve until the reserve covers the metadata the plan implies.
        long reserve = 64 * 1024;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var planner = new VolumePlanner(request.VolumeCapacity, request.ChunkSize, request.AllocationUnit, reserve);
            var pieces = planner.Plan(shipped);
            var composer = new ManifestComposer(request, layoutTags, pieces, allBlobs, keyId, created);
            var needed = composer.EstimateMetadataBytes(planner, request.AllocationUnit);
            if (needed <= reserve)
            {
                return (planner, pieces, composer);
            }

            reserve = needed + (needed / 8);
        }

        throw new InvalidOperationException("The volume plan did not settle; the batch metadata keeps outgrowing its reserve.");
    }

    private static void ValidateRequest(BatchWriteRequest request)
    {
        if (!BatchIdentifiers.IsBatchId(request.BatchId) || !BatchIdentifiers.IsSiteId(request.SiteId))
        {
            throw new ArgumentException($"batch id '{request.BatchId}' or site id '{request.SiteId}' is not a valid identifier");
        }

        if (request.Artifacts.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one artifact");
        }

        if (request.ChunkSize <= 0 || request.ChunkSize >= 4L * 1024 * 1024 * 1024 || request.AllocationUnit <= 0)
        {
            throw new ArgumentException("the chunk size must be between 1 byte and 4 GiB, the allocation unit positive");
        }

        var badDigest = request.Artifacts.SelectMany(a => a.Blobs).FirstOrDefault(b => !BatchIdentifiers.IsDigest(b.Digest) || b.Size < 0);
        if (badDigest is not null)
        {
            throw new ArgumentException($"blob '{badDigest.Digest}' has an invalid digest or size");
        }
    }

    private static void EnsureSpace(string mediaDirectory, VolumePlanner planner, IReadOnlyList<PlannedPiece> pieces, int volumeCount)
    {
        var needed = pieces.Sum(p => planner.OnDisk(p.Length)) + (volumeCount * planner.MetadataReserve);
        var available = new DriveInfo(Path.GetFullPath(mediaDirectory)).AvailableFreeSpace;
        if (needed > available)
        {
            throw new InsufficientSpaceException(mediaDirectory, needed, available);
        }
    }

    private static void PrepareVolumeDirectory(string directory)
    {
        if (File.Exists(Path.Combine(directory, BatchFileNames.Signature)))
        {
            throw new IOException($"'{directory}' already holds a committed batch volume; move it away or choose another media directory");
        }

        if (Directory.Exists(directory))
        {
            // Left by a writer that stopped before committing: nothing in it can pass verification.
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    private async Task<Dictionary<string, string>> WritePayloadAsync(
        IReadOnlyList<PlannedPiece> pieces, List<string> volumeDirectories, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        foreach (var directory in pieces.Select(p => Path.GetDirectoryName(Path.Combine(volumeDirectories[p.Volume - 1], p.Path))!)
            .Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(directory);
        }

        // Blobs are independent, so both cores copy and hash at once; a blob's chunks stay in order
        // within one task because they are read from one sequential stream.
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var serialProgress = progress is null ? null : new SerialProgress(progress);
        await Parallel.ForEachAsync(pieces.GroupBy(p => p.Digest), new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        }, async (blobPieces, ct) =>
        {
            // A blob written as one piece is hashed once: the piece's hash is the blob's. Only a blob
            // split into chunks needs a second, whole-blob hash alongside the chunks' own.
            var chunked = blobPieces.Skip(1).Any();
            using var whole = chunked ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            string? single = null;
            await using (var source = blobSource.OpenRead(blobPieces.Key))
            {
                foreach (var piece in blobPieces)
                {
                    var path = Path.Combine(volumeDirectories[piece.Volume - 1], piece.Path);
                    var hashed = await DurableFile.WriteAsync(path,
                        (stream, token) => Sha256Digest.CopyAsync(source, stream, piece.Length, serialProgress, token, whole),
                        ct, syncDirectory: false, flushToDisk: false);
                    hashes[piece.Path + "@" + piece.Volume] = hashed.Sha256;
                    single = hashed.Sha256;
                }
            }

            var blobHash = whole is null ? single : Convert.ToHexStringLower(whole.GetHashAndReset());
            if ("sha256:" + blobHash != blobPieces.Key)
            {
                throw new InvalidDataException($"blob {blobPieces.Key} in the content store does not match its digest: the store is corrupt; nothing was committed");
            }
        });

        // One syncfs per volume instead of an fsync per file: nothing is committed before it returns.
        foreach (var directory in volumeDirectories)
        {
            DurableFile.SyncFileSystem(directory);
        }

        return new Dictionary<string, string>(hashes, StringComparer.Ordinal);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
