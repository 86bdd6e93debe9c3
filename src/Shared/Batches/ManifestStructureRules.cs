namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Relations between volumes, files, blobs and artifacts: every path safe and unique, every blob
/// backed by exactly the files that hold it, every artifact's blobs declared, totals within limits.
/// </summary>
internal sealed class ManifestStructureRules(BatchManifest manifest, BatchLimits limits)
{
    private readonly Dictionary<(int Volume, string Path), ManifestFile> _files = [];
    private readonly Dictionary<(int Volume, string Path), (string Name, bool IsFile)> _names = new(CaseInsensitiveVolumePathComparer.Instance);
    private readonly HashSet<(int Volume, string Directory)> _directories = [];

    public (string Property, string Message, BatchRejectionReason Reason)? FindFirstProblem() =>
        CheckVolumes() ?? CheckFiles() ?? CheckVolumeContents() ?? CheckBlobs() ?? CheckEveryFileUsed()
        ?? new ManifestReferenceRules(manifest).FindFirstProblem();

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

    private (string, string, BatchRejectionReason)? CheckFiles()
    {
        long total = 0;
        foreach (var file in manifest.Files)
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

            if (!Hashing.Sha256Digest.IsHex(file.Sha256))
            {
                return ("files", $"file '{file.Path}' has a malformed sha256", BatchRejectionReason.ManifestInvalid);
            }

            if (!_files.TryAdd((file.Volume, file.Path), file))
            {
                return ("files", $"file '{file.Path}' is listed twice on volume {file.Volume}", BatchRejectionReason.DuplicateEntry);
            }

            var collision = CheckCollisions(file);
            if (collision is not null)
            {
                return collision;
            }

            total += file.Size;
            if (total > limits.MaxBatchBytes)
            {
                return ("files", $"the batch declares more than {limits.MaxBatchBytes} bytes", BatchRejectionReason.LimitExceeded);
            }
        }

        return null;
    }

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
            var missing = new[] { BatchFileNames.OciLayout, BatchFileNames.OciIndex }.FirstOrDefault(n => !_files.ContainsKey((volume.Number, n)));
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

    private (string, string, BatchRejectionReason)? CheckCollisions(ManifestFile file)
    {
        // A file and every directory above it occupy a name; two names equal once case and Unicode
        // normalisation are ignored would overwrite each other on FAT32, exFAT or NTFS. Each directory
        // is claimed once, so thousands of blobs in one directory cost one key per file.
        var slash = file.Path.LastIndexOf('/');
        if (slash > 0 && _directories.Add((file.Volume, file.Path[..slash])))
        {
            var components = file.Path[..slash].Split('/');
            for (var depth = 1; depth <= components.Length; depth++)
            {
                var problem = Claim(file.Volume, string.Join('/', components, 0, depth), isFile: false);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return Claim(file.Volume, file.Path, isFile: true);
    }

    private (string, string, BatchRejectionReason)? Claim(int volume, string name, bool isFile)
    {
        var key = (volume, BatchPathRules.CollisionForm(name));
        if (!_names.TryGetValue(key, out var existing))
        {
            _names[key] = (name, isFile);
            return null;
        }

        // The same directory reached again through another file is fine; anything else collides.
        return !isFile && !existing.IsFile && existing.Name == name
            ? null
            : ("files", $"'{name}' collides with '{existing.Name}' on volume {volume} when case is ignored", BatchRejectionReason.NameCollision);
    }

    private (string, string, BatchRejectionReason)? CheckBlobs()
    {
        var digests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in manifest.Blobs)
        {
            if (!BatchIdentifiers.IsDigest(blob.Digest))
            {
                return ("blobs", $"blob digest '{DisplayText.Printable(blob.Digest)}' is not sha256:<64 hex digits>", BatchRejectionReason.ManifestInvalid);
            }

            if (!digests.Add(blob.Digest))
            {
                return ("blobs", $"blob {blob.Digest} is listed twice", BatchRejectionReason.DuplicateEntry);
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

        return null;
    }

    private static string? CheckReferencedBlob(ManifestBlob blob) =>
        blob.Path is null && blob.Chunks is null && blob.Volume is null
            ? null
            : $"blob {blob.Digest} is not shipped but names a file";

    private string? CheckShippedBlob(ManifestBlob blob)
    {
        var hex = BatchFileNames.DigestHex(blob.Digest);
        if (blob.Chunks is null)
        {
            if (blob.Path != BatchFileNames.BlobPath(blob.Digest) || blob.Volume is null)
            {
                return $"blob {blob.Digest} must be stored as {BatchFileNames.BlobPath(blob.Digest)} on one volume";
            }

            if (blob.Size > manifest.ChunkSize)
            {
                return $"blob {blob.Digest} of {blob.Size} bytes is larger than the chunk size {manifest.ChunkSize} and must be chunked";
            }

            return _files.TryGetValue((blob.Volume.Value, blob.Path), out var file) && file.Size == blob.Size && file.Sha256 == hex
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

            if (!_files.TryGetValue((chunk.Volume, chunk.Path), out var file) || file.Size != chunk.Size || file.Sha256 != chunk.Sha256)
            {
                return $"chunk {i} of blob {blob.Digest} has no matching file entry on volume {chunk.Volume}";
            }

            offset += chunk.Size;
        }

        return offset == blob.Size ? null : $"the chunks of blob {blob.Digest} add up to {offset} bytes, not {blob.Size}";
    }

    private (string, string, BatchRejectionReason)? CheckEveryFileUsed()
    {
        var used = new HashSet<(int, string)>();
        foreach (var blob in manifest.Blobs.Where(b => b.Shipped))
        {
            if (blob.Chunks is null)
            {
                used.Add((blob.Volume!.Value, blob.Path!));
            }
            else
            {
                used.UnionWith(blob.Chunks.Select(c => (c.Volume, c.Path)));
            }
        }

        foreach (var file in manifest.Files)
        {
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
            else if (file.Path is not (BatchFileNames.OciLayout or BatchFileNames.OciIndex) && !used.Contains((file.Volume, file.Path)))
            {
                return ("files", $"file '{file.Path}' on volume {file.Volume} belongs to no blob", BatchRejectionReason.ManifestInvalid);
            }
        }

        return null;
    }

}
