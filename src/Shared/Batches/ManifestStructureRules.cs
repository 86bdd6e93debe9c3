namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Relations between volumes, files, blobs and artifacts: every path safe and unique, every blob
/// backed by exactly the files that hold it, every artifact's blobs declared, totals within limits.
/// </summary>
internal sealed class ManifestStructureRules(BatchManifest manifest, BatchLimits limits, string workDirectory) : IDisposable
{
    // The files and blobs are read from the manifest's collections in list order, and found in indexes on disk: the files
    // by volume and path, the blobs by digest. A bit a file marks those a blob uses (issue 18).
    private readonly ManifestFileIndex _files = new(workDirectory);
    private readonly ManifestBlobIndex _blobs = new(workDirectory);
    private readonly System.Collections.BitArray _usedFiles = new(manifest.Files.Count);

    public (string Property, string Message, BatchRejectionReason Reason)? FindFirstProblem() =>
        CheckVolumes() ?? CheckFiles() ?? CheckVolumeContents() ?? CheckBlobs() ?? CheckEveryFileUsed()
        ?? new ManifestReferenceRules(manifest, _blobs).FindFirstProblem();

    public void Dispose()
    {
        _files.Dispose();
        _blobs.Dispose();
    }

    private (string, string, BatchRejectionReason)? CheckVolumes()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < manifest.Volumes.Count; i++)
        {
            var volume = manifest.Volumes[i];
            if (volume.Number != i + 1)
            {
                return (
                    "volumes",
                    $"volume entry {i + 1} has number {volume.Number}: volumes must be numbered 1, 2, 3 in order",
                    BatchRejectionReason.ManifestInvalid);
            }

            var problem = BatchPathRules.Check(volume.Name);
            if (problem is not null || volume.Name.Contains('/', StringComparison.Ordinal))
            {
                return ("volumes", $"volume name '{DisplayText.Printable(volume.Name)}' {problem ?? "contains '/'"}", BatchRejectionReason.UnsafePath);
            }

            if (!names.Add(volume.Name))
            {
                return ("volumes", $"volume name '{volume.Name}' appears twice", BatchRejectionReason.DuplicateEntry);
            }

            if (!Hashing.Sha256Digest.IsHex(volume.Sha256Sums))
            {
                return ("volumes", $"volume {volume.Number} has a malformed SHA256SUMS hash", BatchRejectionReason.ManifestInvalid);
            }
        }

        return null;
    }

    // The first problem in list order, as if each file were checked in turn: its own values, then whether it is listed
    // twice, then whether its name collides with an earlier one, then the running total. Files are checked alone first;
    // repeats and collisions are then found among the files up to the first problem, from indexes sorted on disk.
    private (string, string, BatchRejectionReason)? CheckFiles()
    {
        (int Index, (string, string, BatchRejectionReason) Problem)? own = null;
        using var claims = new ManifestNameClaims(workDirectory);
        long total = 0;
        var position = 0;
        foreach (var file in manifest.Files)
        {
            if (CheckFile(file) is { } problem)
            {
                own = (position, problem);
                break;
            }

            _files.Add(position, file);
            claims.Add(position, file);
            total += file.Size;
            if (total > limits.MaxBatchBytes)
            {
                own = (position, ("files", $"the batch declares more than {limits.MaxBatchBytes} bytes", BatchRejectionReason.LimitExceeded));
                break;
            }

            position++;
        }

        var repeat = _files.Complete().FirstRepeat();
        var collision = claims.FindFirstCollision();
        if (repeat is { } twice && (collision is null || twice.Position <= collision.Value.File))
        {
            return ("files", $"file '{twice.Path}' is listed twice on volume {twice.Volume}", BatchRejectionReason.DuplicateEntry);
        }

        return collision is { } found ? ("files", found.Message, BatchRejectionReason.NameCollision) : own?.Problem;
    }

    private (string, string, BatchRejectionReason)? CheckFile(ManifestFile file)
    {
        var problem = BatchPathRules.Check(file.Path);
        if (problem is not null)
        {
            return ("files", $"file name '{DisplayText.Printable(file.Path)}' {problem}", BatchRejectionReason.UnsafePath);
        }

        if (BatchFileNames.IsControlFile(file.Path))
        {
            return ("files", $"'{file.Path}' is a reserved name and cannot be a payload file", BatchRejectionReason.UnsafePath);
        }

        if (file.Volume < 1 || file.Volume > manifest.Volumes.Count)
        {
            return ("files", $"file '{file.Path}' names volume {file.Volume}, which the batch does not have", BatchRejectionReason.ManifestInvalid);
        }

        if (file.Size < 0 || file.Size > limits.MaxFileBytes)
        {
            return ("files", $"file '{file.Path}' declares {file.Size} bytes; the limit is {limits.MaxFileBytes}", BatchRejectionReason.LimitExceeded);
        }

        return file.Sha256.IsHex
            ? null
            : ("files", $"file '{file.Path}' has a malformed sha256", BatchRejectionReason.ManifestInvalid);
    }

    // The file listed at this volume and path, if any.
    private IndexedFile? FindFile(int volume, string path) => _files.TryFind(volume, path, out var file) ? file : null;

    // Every volume carries its OCI layout files, and says how many payload files and bytes it holds.
    private (string, string, BatchRejectionReason)? CheckVolumeContents()
    {
        var counts = new int[manifest.Volumes.Count];
        var bytes = new long[manifest.Volumes.Count];
        foreach (var file in manifest.Files)
        {
            counts[file.Volume - 1]++;
            bytes[file.Volume - 1] += file.Size;
        }

        foreach (var volume in manifest.Volumes)
        {
            var missing = new[] { BatchFileNames.OciLayout, BatchFileNames.OciIndex }.FirstOrDefault(n => FindFile(volume.Number, n) is null);
            if (missing is not null)
            {
                return ("files", $"volume {volume.Number} does not list its {missing}", BatchRejectionReason.ManifestInvalid);
            }

            if (volume.FileCount != counts[volume.Number - 1] || volume.Bytes != bytes[volume.Number - 1])
            {
                return (
                    "volumes",
                    $"volume {volume.Number} declares {volume.FileCount} files of {volume.Bytes} bytes; "
                    + $"the manifest lists {counts[volume.Number - 1]} files of {bytes[volume.Number - 1]} bytes on it",
                    BatchRejectionReason.ManifestInvalid);
            }
        }

        return null;
    }

    // In list order, as if each blob were checked in turn: its digest's form, whether it is listed twice, then its size
    // and files. Repeats are found from an index sorted on disk among the blobs before the first malformed digest.
    private (string, string, BatchRejectionReason)? CheckBlobs()
    {
        var malformed = -1;
        string? malformedDigest = null;
        var position = 0;
        foreach (var blob in manifest.Blobs)
        {
            if (!blob.DigestIsHash)
            {
                (malformed, malformedDigest) = (position, blob.Digest);
                break;
            }

            _blobs.Add(position, blob);
            position++;
        }

        var repeat = _blobs.Complete().FirstRepeat();
        var end = repeat?.Position ?? (malformed >= 0 ? malformed : int.MaxValue);
        position = 0;
        foreach (var blob in manifest.Blobs)
        {
            if (position++ >= end)
            {
                break;
            }

            if (blob.Size < 0 || blob.Size > limits.MaxBlobBytes)
            {
                return ("blobs", $"blob {blob.Digest} declares {blob.Size} bytes; the limit is {limits.MaxBlobBytes}", BatchRejectionReason.LimitExceeded);
            }

            var problem = blob.Shipped ? CheckShippedBlob(blob) : CheckReferencedBlob(blob);
            if (problem is not null)
            {
                return ("blobs", problem, BatchRejectionReason.ManifestInvalid);
            }
        }

        if (repeat is { } twice)
        {
            return ("blobs", $"blob {twice.Digest} is listed twice", BatchRejectionReason.DuplicateEntry);
        }

        return malformedDigest is not null
            ? ("blobs", $"blob digest '{DisplayText.Printable(malformedDigest)}' is not sha256:<64 hex digits>", BatchRejectionReason.ManifestInvalid)
            : null;
    }

    private static string? CheckReferencedBlob(ManifestBlob blob) =>
        blob.Path is null && blob.Chunks is null && blob.Volume is null
            ? null
            : $"blob {blob.Digest} is not shipped but names a file";

    private string? CheckShippedBlob(ManifestBlob blob)
    {
        if (blob.Chunks is null)
        {
            // Its digest is sha256:<64 lowercase hex> (CheckBlobs), so the path is its own exactly when it is held as the hash.
            if (!blob.PathIsOwnBlobPath || blob.Volume is not { } volume)
            {
                return $"blob {blob.Digest} must be stored as {BatchFileNames.BlobPath(blob.Digest)} on one volume";
            }

            if (blob.Size > manifest.ChunkSize)
            {
                return $"blob {blob.Digest} of {blob.Size} bytes is larger than the chunk size {manifest.ChunkSize} and must be chunked";
            }

            Span<char> path = stackalloc char[HashNames.MaxLength];
            var file = _files.TryFind(volume, HashNames.Text(HashNames.BlobPathPrefix, null, blob.Hash, path), out var found) ? found : (IndexedFile?)null;
            return Use(file, blob.Size, blob.Hash)
                ? null
                : $"blob {blob.Digest} has no matching file entry (path, size and sha256) on volume {blob.Volume}";
        }

        if (blob.Path is not null || blob.Volume is not null || blob.Chunks.Count == 0)
        {
            return $"chunked blob {blob.Digest} must list only its chunks";
        }

        long offset = 0;
        for (var i = 0; i < blob.Chunks.Count; i++)
        {
            var chunk = blob.Chunks[i];
            if (chunk.Index != i || chunk.Path != BatchFileNames.ChunkPath(blob.Digest, i))
            {
                return $"chunk {i} of blob {blob.Digest} is out of order or misnamed";
            }

            if (chunk.Size <= 0 || chunk.Size > manifest.ChunkSize)
            {
                return $"chunk {i} of blob {blob.Digest} has size {chunk.Size}, outside 1..{manifest.ChunkSize}";
            }

            if (!Use(FindFile(chunk.Volume, chunk.Path), chunk.Size, chunk.Sha256))
            {
                return $"chunk {i} of blob {blob.Digest} has no matching file entry on volume {chunk.Volume}";
            }

            offset += chunk.Size;
        }

        return offset == blob.Size ? null : $"the chunks of blob {blob.Digest} add up to {offset} bytes, not {blob.Size}";
    }

    // Whether the file found (null: none) has this size and hash; if so it is marked as used by a blob.
    private bool Use(IndexedFile? found, long size, Hashing.Sha256Value sha256)
    {
        if (found is not { } file || file.Size != size || file.Sha256 != sha256)
        {
            return false;
        }

        _usedFiles[file.Position] = true;
        return true;
    }

    // Runs after every shipped blob has found its files (CheckBlobs), which marked them used.
    private (string, string, BatchRejectionReason)? CheckEveryFileUsed()
    {
        var i = -1;
        foreach (var file in manifest.Files)
        {
            i++;
            if (Recovery.RecoveryFileNames.IsRecoveryFile(file.Path))
            {
                if (!Recovery.RecoveryFileNames.IsWellFormed(file.Path))
                {
                    return (
                        "files",
                        $"'{file.Path}' on volume {file.Volume} is not a recovery file name the format allows",
                        BatchRejectionReason.ManifestInvalid);
                }
            }
            else if (file.Path is not (BatchFileNames.OciLayout or BatchFileNames.OciIndex) && !_usedFiles[i])
            {
                return ("files", $"file '{file.Path}' on volume {file.Volume} belongs to no blob", BatchRejectionReason.ManifestInvalid);
            }
        }

        return null;
    }

}
