using System.Runtime;
using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Writes a batch onto media as one or more volumes. Payload files go first (each read back and hashed
/// as the next is written, then one flush), then each volume's layout files and SHA256SUMS, then
/// manifest.json, and the signature last on every volume: the signature is the commit marker, so a
/// crash at any point leaves nothing that a verifier would take for a batch. Memory stays flat: blobs stream through pooled buffers, and
/// manifest.json and SHA256SUMS are streamed to the media (hashed as written), never built whole in memory.
/// </summary>
/// <param name="blobSource">Where the blobs are read from.</param>
/// <param name="timeProvider">The batch's creation time.</param>
/// <param name="workDirectory">
/// Where the hashes of the pieces read back are kept, while writing and then while the result is held
/// (<see cref="BatchWriteResult.ReadBack"/>): on the writer's own disk, never the media. The system's temporary directory when not given.
/// </param>
public sealed class BatchWriter(IBlobSource blobSource, TimeProvider timeProvider, string? workDirectory = null)
{
    private string WorkDirectory => workDirectory ?? Path.GetTempPath();

    /// <summary>How long <see cref="CollectWriterHeapAsync"/> lets the thread that finished the write leave its frames.</summary>
    private static readonly TimeSpan UnwindDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Plans of at least this many pieces are followed by a full collection before the payload is written.</summary>
    private const int CollectAfterPlanningPieces = 10_000;

    /// <summary>
    /// A full, compacting collection, for a caller that goes on to verify what was written (once per batch). What the writer
    /// held is unreachable once it returns but not yet collected, and without this the verification's heap grows on top of it
    /// (issue 18: a cut of 200,000 files peaked at 271 MiB, and at 230 MiB with it, where the writer alone peaks at 206 MiB).
    /// Aggressive, so that the memory it frees goes back to the system rather than staying committed for later: the verification
    /// then starts 18 MiB lower (the real cut of 200,000 files, 165.8 to 162.6 MiB at its peak).
    /// </summary>
    /// <remarks>
    /// It waits a moment first. The write's last continuation runs the caller on, inline, from inside the frames that finished
    /// the write, and those frames hold the write's tasks, and with them the request, until they return. Collected there, or
    /// on another thread while they were still returning (a yield raced them), the request of a cut of 200,000 files (11 MB)
    /// survived into the verification: 125-127 MiB at its peak instead of 119-121.
    /// </remarks>
    public static async Task CollectWriterHeapAsync()
    {
        await Task.Delay(UnwindDelay);
        CollectHeap();
    }

    private static void CollectHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public async Task<BatchWriteResult> WriteAsync(
        BatchWriteRequest request, MinisignSecretKey signingKey, string mediaDirectory, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signingKey);
        ValidateRequest(request);

        var blobs = BatchBlobTable.Of(request);
        IReadOnlyList<int>? shipped = request.BlobsPresentOnHighSide.Count == 0
            ? null
            : [.. Enumerable.Range(0, blobs.Count).Where(i => request.Ships(blobs.Digest(i)))];
        var artifacts = ManifestComposer.ArtifactsOf(request, LayoutTags.Assign(request.Artifacts));
        var created = TruncateToSeconds(timeProvider.GetUtcNow());
        var (planner, pieces, composer) = PlanVolumes(
            request, blobs, shipped, artifacts, BatchIdentifiers.ManifestKeyId(signingKey.PublicKey.KeyIdHex), created);

        if (pieces.Count >= CollectAfterPlanningPieces)
        {
            // Making the request's table and planning (each plan's manifest is written once to measure it) leave garbage that
            // the collector would keep committed through the payload: the cut of 200,000 files wrote at 125 MiB, and at 115
            // after this. A small plan leaves too little to be worth a full collection.
            CollectHeap();
        }

        Directory.CreateDirectory(mediaDirectory);
        EnsureSpace(mediaDirectory, planner, pieces, composer.VolumeCount);
        var volumeDirectories = Enumerable.Range(1, composer.VolumeCount)
            .Select(n => Path.Combine(mediaDirectory, BatchFileNames.VolumeName(request.BatchId, n)))
            .ToList();
        foreach (var directory in volumeDirectories)
        {
            PrepareVolumeDirectory(directory);
        }

        using var hashes = await WritePayloadAsync(pieces, volumeDirectories, progress, cancellationToken);
        var (volumes, layoutFiles) = await VolumeControlFiles.WriteAsync(
            volumeDirectories, request.BatchId, composer, pieces, hashes, request.RecoveryPercent, cancellationToken);
        var (manifestSha256, manifestBlake2b) = await WriteManifestAsync(composer, hashes, volumes, layoutFiles, volumeDirectories, cancellationToken);
        var signature = signingKey.SignPrehashed(
            manifestBlake2b, composer.TrustedComment, $"TransferPipeline batch {request.BatchId}, {volumes.Count} volume(s)");
        var signatureBytes = System.Text.Encoding.UTF8.GetBytes(signature.ToFileText());
        foreach (var directory in volumeDirectories)
        {
            await DurableFile.WriteAllBytesAsync(Path.Combine(directory, BatchFileNames.Signature), signatureBytes, cancellationToken);
        }

        var readBack = new PayloadReadBack(pieces, hashes, WorkDirectory);
        return new BatchWriteResult(manifestSha256, volumeDirectories, pieces.Sum(p => p.Length), readBack);
    }

    /// <summary>
    /// Streams manifest.json onto the first volume, hashing it as it goes (SHA-256 for the record, BLAKE2b-512
    /// for the signature), then copies it to every other volume: all carry the same bytes.
    /// </summary>
    private static async Task<(string Sha256, byte[] Blake2b512)> WriteManifestAsync(
        ManifestComposer composer, PieceHashes hashes, IReadOnlyList<ManifestVolume> volumes, IReadOnlyList<ManifestFile> layoutFiles,
        List<string> volumeDirectories, CancellationToken cancellationToken)
    {
        var first = Path.Combine(volumeDirectories[0], BatchFileNames.Manifest);
        var hashed = await DurableFile.WriteAsync(first, (stream, _) =>
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var blake2b = new Crypto.Blake2bHash(Crypto.Blake2bHash.MaxOutputLength);
            composer.Write(block =>
            {
                sha256.AppendData(block);
                blake2b.Append(block);
                stream.Write(block);
            }, hashes, volumes, layoutFiles);
            return Task.FromResult((Convert.ToHexStringLower(sha256.GetHashAndReset()), blake2b.Finish()));
        }, cancellationToken);

        foreach (var directory in volumeDirectories.Skip(1))
        {
            await DurableFile.WriteAsync(Path.Combine(directory, BatchFileNames.Manifest), async (stream, ct) =>
            {
                await using var source = Sha256Digest.OpenSequential(first);
                await source.CopyToAsync(stream, ct);
                return true;
            }, cancellationToken);
        }

        return hashed;
    }

    private static (VolumePlanner, IReadOnlyList<PlannedPiece>, ManifestComposer) PlanVolumes(
        BatchWriteRequest request, BatchBlobTable blobs, IReadOnlyList<int>? shipped,
        IReadOnlyList<ManifestArtifact> artifacts, string keyId, DateTimeOffset created)
    {
        // The metadata size depends on the plan and the plan on the room the metadata leaves: iterate
        // from a small reserve until the reserve covers the metadata the plan implies.
        long reserve = 64 * 1024;
        var plan = new VolumePlan(blobs);
        ManifestComposer? composer = null;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var planner = new VolumePlanner(request.VolumeCapacity, request.ChunkSize, request.AllocationUnit, reserve, plan);
            var pieces = planner.Plan(blobs, shipped);
            composer = new ManifestComposer(request, artifacts, pieces, blobs, keyId, created, composer);
            var (needed, manifestBytes, files) = composer.EstimateMetadataBytes(planner, request.AllocationUnit);
            if (needed <= reserve)
            {
                CheckLimits(request, artifacts, files, composer.VolumeCount, manifestBytes);
                return (planner, pieces, composer);
            }

            reserve = needed + (needed / 8);
        }

        throw new InvalidOperationException("The volume plan did not settle; the batch metadata keeps outgrowing its reserve.");
    }

    // A batch the high side's verifier would refuse is not written at all.
    private static void CheckLimits(
        BatchWriteRequest request, IReadOnlyList<ManifestArtifact> artifacts, int files, int volumes, long manifestBytes)
    {
        var limits = request.Limits;
        var text = artifacts.Sum(a => a.TextLength());
        var problem = files > limits.MaxFiles ? $"{files} files (the limit is {limits.MaxFiles})"
            : request.Artifacts.Count > limits.MaxArtifacts ? $"{request.Artifacts.Count} artifacts (the limit is {limits.MaxArtifacts})"
            : volumes > limits.MaxVolumes ? $"{volumes} volumes (the limit is {limits.MaxVolumes})"
            : manifestBytes > limits.MaxManifestBytes
                ? $"a manifest of {ByteSize.Format(manifestBytes)} (the limit is {ByteSize.Format(limits.MaxManifestBytes)})"
            : text > limits.MaxArtifactTextLength ? $"{text} characters of artifact text (the limit is {limits.MaxArtifactTextLength})"
            : null;
        if (problem is not null)
        {
            throw new BatchTooLargeException(
                $"batch {request.BatchId} would need {problem}, which a verifier refuses; "
                + "ship fewer artifacts in it; nothing was written");
        }
    }

    private static void ValidateRequest(BatchWriteRequest request)
    {
        if (!BatchIdentifiers.IsBatchId(request.BatchId) || !BatchIdentifiers.IsSiteId(request.SiteId))
        {
            throw new ArgumentException($"batch id '{request.BatchId}' or site id '{request.SiteId}' is not a valid identifier");
        }

        if (request.BatchId != BatchIdentifiers.BatchIdFor(request.SiteId, request.Sequence))
        {
            throw new ArgumentException(
                $"batch id '{request.BatchId}' is not {BatchIdentifiers.BatchIdFor(request.SiteId, request.Sequence)}: the verifier would refuse it");
        }

        if (request.Artifacts.Count == 0)
        {
            throw new ArgumentException("a batch needs at least one artifact");
        }

        foreach (var artifact in request.Artifacts.Where(a => a.Attachments.Count > 0))
        {
            var entry = new ManifestArtifact(artifact, null, [.. artifact.Blobs.Select(b => b.Digest)]) { Attachments = artifact.Attachments };
            if (ManifestAttachmentRules.FindProblem(entry) is { } problem)
            {
                throw new ArgumentException($"{problem.Message}: the verifier would refuse it");
            }
        }

        if (request.ChunkSize <= 0 || request.ChunkSize >= 4L * 1024 * 1024 * 1024 || request.AllocationUnit <= 0)
        {
            throw new ArgumentException("the chunk size must be between 1 byte and 4 GiB, the allocation unit positive");
        }

        var badDigest = request.Artifacts.SelectMany(a => a.Blobs).FirstOrDefault(b => !b.IsSha256 || b.Size < 0);
        if (badDigest is not null)
        {
            throw new ArgumentException($"blob '{badDigest.Digest}' has an invalid digest or size");
        }
    }

    private static void EnsureSpace(string mediaDirectory, VolumePlanner planner, IReadOnlyList<PlannedPiece> pieces, int volumeCount)
    {
        var needed = pieces.Sum(p => planner.OnDisk(p.Length)) + (volumeCount * planner.MetadataReserve);
        var available = DiskSpace.Available(mediaDirectory);
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

    private async Task<PieceHashes> WritePayloadAsync(
        IReadOnlyList<PlannedPiece> pieces, List<string> volumeDirectories, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var directories = new HashSet<(int Volume, string Directory)>();
        foreach (var piece in pieces)
        {
            if (directories.Add((piece.Volume, Path.GetDirectoryName(piece.Path)!)))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(volumeDirectories[piece.Volume - 1], piece.Path))!);
            }
        }

        // Blobs are independent, so both cores work at once. Each piece is copied without hashing, then
        // read back from the media and hashed while the next piece is being copied: the manifest carries
        // the hashes of the bytes actually on the media, and the blob's digest (the hash of its single
        // piece, or of its chunks read back in order) proves those bytes are the blob.
        var hashes = new PieceHashes(pieces.Count, WorkDirectory);
        try
        {
            await WritePiecesAsync(pieces, volumeDirectories, hashes, progress, cancellationToken);
        }
        catch
        {
            hashes.Dispose();
            throw;
        }

        return hashes;
    }

    private async Task WritePiecesAsync(
        IReadOnlyList<PlannedPiece> pieces, List<string> volumeDirectories, PieceHashes hashes, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var serialProgress = progress is null ? null : new SerialProgress(progress);
        await Parallel.ForEachAsync(BlobRuns(pieces), new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        }, async (run, ct) =>
        {
            var digest = pieces[run.Start].Digest;
            using var whole = run.Count > 1 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            Task? readBack = null;
            try
            {
                await using (var source = blobSource.OpenRead(digest))
                {
                    for (var i = run.Start; i < run.Start + run.Count; i++)
                    {
                        var path = Path.Combine(volumeDirectories[pieces[i].Volume - 1], pieces[i].Path);
                        await WritePieceAsync(source, path, pieces[i].Length, serialProgress, ct);
                        if (readBack is not null)
                        {
                            await readBack;
                        }

                        readBack = ReadBackAsync(path, i, pieces[i].Length, hashes, whole, ct);
                    }
                }

                await readBack!;
            }
            finally
            {
                // `whole` is disposed on leaving; a read-back still running must not touch it afterwards.
                if (readBack is not null)
                {
                    await readBack.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            var blobHash = whole is null ? hashes.Hex(run.Start) : Convert.ToHexStringLower(whole.GetHashAndReset());
            if ("sha256:" + blobHash != digest)
            {
                throw await DescribeMismatchAsync(digest, ct);
            }
        });

        // One syncfs per volume instead of an fsync per file: nothing is committed before it returns.
        foreach (var directory in volumeDirectories)
        {
            DurableFile.SyncFileSystem(directory);
        }
    }

    // Payload files go straight to their names, without the temporary name and rename of DurableFile: the
    // volume is not committed until its signature is written, an uncommitted volume is wiped before any
    // rewrite, and a rename per file doubled the directory work (half the time of a 50,000-file cut was
    // the kernel's directory lookups and locks). Writeback runs as the file is written; the volume's
    // syncfs waits for what is left.
    private static async Task WritePieceAsync(Stream source, string path, long length, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var destination = WritebackFileStream.CreateNew(path);
        await StreamCopy.CopyExactlyAsync(source, destination, length, progress, cancellationToken);
    }

    // Reads a written piece back (from the page cache while the disk is still busy with it: the same
    // bytes the disk receives) and records its hash; a chunk also feeds its blob's whole-blob hash.
    private static async Task ReadBackAsync(
        string path, int piece, long length, PieceHashes hashes, IncrementalHash? whole, CancellationToken cancellationToken)
    {
        await using var stream = Sha256Digest.OpenSequential(path);
        var hashed = await Sha256Digest.CopyAsync(stream, Stream.Null, length, null, cancellationToken, whole);
        if (stream.Length != length)
        {
            throw new IOException($"'{path}' reads back as {stream.Length} bytes instead of the {length} written: the media is faulty; nothing was committed");
        }

        hashes.Set(piece, Convert.FromHexString(hashed.Sha256));
    }

    // A blob whose bytes on the media do not hash to its digest: either the content store's copy was
    // already corrupt, or the media returned other bytes than were written. Hashing the store's copy
    // again tells which, so the operator knows whether to gather again or to change the media.
    private async Task<Exception> DescribeMismatchAsync(string digest, CancellationToken cancellationToken)
    {
        HashedLength stored;
        await using (var source = blobSource.OpenRead(digest))
        {
            stored = await Sha256Digest.ComputeAsync(source, cancellationToken);
        }

        return "sha256:" + stored.Sha256 == digest
            ? new IOException($"blob {digest} reads back from the media with other bytes than were written: the media is faulty; nothing was committed")
            : new InvalidDataException($"blob {digest} in the content store does not match its digest: the store is corrupt; nothing was committed");
    }

    /// <summary>Each blob's pieces, which the planner keeps consecutive: (first index, count).</summary>
    private static IEnumerable<(int Start, int Count)> BlobRuns(IReadOnlyList<PlannedPiece> pieces)
    {
        for (var start = 0; start < pieces.Count;)
        {
            var end = start + 1;
            while (end < pieces.Count && pieces[end].Blob == pieces[start].Blob)
            {
                end++;
            }

            yield return (start, end - start);
            start = end;
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
