namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Builds the manifest from the plan and the hashes measured while writing. With placeholder hashes it
/// also tells, before anything is written, how large the metadata of each volume will be.
/// </summary>
internal sealed class ManifestComposer(
    BatchWriteRequest request, IReadOnlyList<string?> layoutTags, IReadOnlyList<PlannedPiece> pieces,
    IReadOnlyList<BlobInput> allBlobs, string keyId, DateTimeOffset created)
{
    private static readonly string Placeholder = new('0', 64);

    public int VolumeCount { get; } = pieces.Count == 0 ? 1 : pieces.Max(p => p.Volume);

    public IReadOnlyList<ManifestArtifact> Artifacts() => request.Artifacts.Select((a, i) => new ManifestArtifact
    {
        Kind = a.Kind,
        Source = a.Source,
        Digest = a.Digest,
        MediaType = a.MediaType,
        Name = a.Name,
        Version = a.Version,
        Requester = a.Requester,
        RequestId = a.RequestId,
        Justification = a.Justification,
        Ticket = a.Ticket,
        LayoutTag = layoutTags[i],
        Blobs = a.Blobs.Select(b => b.Digest).Distinct(StringComparer.Ordinal).ToList(),
    }).ToList();

    public IReadOnlyList<ManifestBlob> Blobs(IReadOnlyDictionary<string, string> pieceHashes)
    {
        var byDigest = pieces.GroupBy(p => p.Digest).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return allBlobs.Select(entry =>
        {
            if (!byDigest.TryGetValue(entry.Digest, out var blobPieces))
            {
                return new ManifestBlob { Digest = entry.Digest, Size = entry.Size, Shipped = false };
            }

            if (blobPieces is [{ ChunkIndex: null } whole])
            {
                return new ManifestBlob { Digest = entry.Digest, Size = entry.Size, Shipped = true, Volume = whole.Volume, Path = whole.Path };
            }

            return new ManifestBlob
            {
                Digest = entry.Digest,
                Size = entry.Size,
                Shipped = true,
                Chunks = blobPieces.Select(p => new ManifestChunk
                {
                    Index = p.ChunkIndex!.Value,
                    Volume = p.Volume,
                    Path = p.Path,
                    Size = p.Length,
                    Sha256 = pieceHashes.GetValueOrDefault(p.Path + "@" + p.Volume, Placeholder),
                }).ToList(),
            };
        }).ToList();
    }

    public List<ManifestFile> PayloadFiles(IReadOnlyDictionary<string, string> pieceHashes) =>
        pieces.Select(p => new ManifestFile
        {
            Volume = p.Volume,
            Path = p.Path,
            Size = p.Length,
            Sha256 = pieceHashes.GetValueOrDefault(p.Path + "@" + p.Volume, Placeholder),
        }).ToList();

    public BatchManifest Compose(IReadOnlyList<ManifestFile> files, IReadOnlyList<ManifestVolume> volumes,
        IReadOnlyList<ManifestArtifact> artifacts, IReadOnlyList<ManifestBlob> blobs) => new()
        {
            FormatVersion = BatchManifest.CurrentFormatVersion,
            BatchId = request.BatchId,
            SiteId = request.SiteId,
            Sequence = request.Sequence,
            CreatedUtc = created,
            ExpiresUtc = created + request.Validity,
            KeyId = keyId,
            ChunkSize = request.ChunkSize,
            Volumes = volumes,
            Artifacts = artifacts,
            Blobs = blobs,
            Files = files,
        };

    /// <summary>The metadata bytes (manifest, signature, SHA256SUMS, layout files, directories) of the fullest volume.</summary>
    public long EstimateMetadataBytes(VolumePlanner planner, int allocationUnit)
    {
        var empty = new Dictionary<string, string>();
        var artifacts = Artifacts();
        var blobs = Blobs(empty);
        var blobIndex = blobs.ToDictionary(b => b.Digest, StringComparer.Ordinal);
        var files = PayloadFiles(empty);
        var volumes = Enumerable.Range(1, VolumeCount).Select(n => new ManifestVolume
        {
            Number = n,
            Name = BatchFileNames.VolumeName(request.BatchId, n),
            Sha256Sums = Placeholder,
            FileCount = int.MaxValue,
            Bytes = long.MaxValue,
        }).ToList();
        var layoutFiles = new List<ManifestFile>();
        long worst = 0;
        for (var n = 1; n <= VolumeCount; n++)
        {
            var index = OciLayoutIndex.Build(OciLayoutIndex.ReadableImages(n, artifacts, blobIndex)).Length;
            layoutFiles.Add(new ManifestFile { Volume = n, Path = BatchFileNames.OciIndex, Size = index, Sha256 = Placeholder });
            layoutFiles.Add(new ManifestFile { Volume = n, Path = BatchFileNames.OciLayout, Size = OciLayoutIndex.LayoutFile.Length, Sha256 = Placeholder });
            var onVolume = files.Where(f => f.Volume == n).ToList();
            long sums = onVolume.Sum(f => 67L + f.Path.Length) + 67 + 67 + BatchFileNames.OciIndex.Length + BatchFileNames.OciLayout.Length;
            var directories = 3 + onVolume.Where(f => f.Path.StartsWith("chunks/", StringComparison.Ordinal))
                .Select(f => Path.GetDirectoryName(f.Path)).Distinct(StringComparer.Ordinal).Count();
            var bytes = planner.OnDisk(sums) + planner.OnDisk(index) + planner.OnDisk(OciLayoutIndex.LayoutFile.Length)
                + planner.OnDisk(1024) + (directories * (long)allocationUnit);
            worst = Math.Max(worst, bytes);
        }

        var manifest = ManifestReader.Serialize(Compose([.. files, .. layoutFiles], volumes, artifacts, blobs)).Length;
        return worst + planner.OnDisk(manifest + 1024);
    }
}
