using System.Buffers;
using System.Text.Json;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Writes manifest.json from the plan and the hashes measured while writing, streamed in blocks: nothing
/// of it is built in memory, whatever the number of files. With the hashes still zero it also tells,
/// before anything is written, how large the metadata of each volume will be.
/// </summary>
internal sealed class ManifestComposer
{
    private const int BlockSize = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Exactly what JsonSerializer writes with BatchJsonContext, so that the bytes match ManifestReader.Serialize.
        Indented = BatchJsonContext.Default.Options.WriteIndented,
        IndentCharacter = BatchJsonContext.Default.Options.IndentCharacter,
        IndentSize = BatchJsonContext.Default.Options.IndentSize,
        NewLine = BatchJsonContext.Default.Options.NewLine,
        Encoder = BatchJsonContext.Default.Options.Encoder,
    };

    private readonly BatchWriteRequest _request;
    private readonly IReadOnlyList<PlannedPiece> _pieces;
    private readonly string _keyId;
    private readonly DateTimeOffset _created;
    private readonly BatchBlobTable _blobs;
    private readonly BlobPlacementTable _placements;

    public ManifestComposer(
        BatchWriteRequest request, IReadOnlyList<ManifestArtifact> artifacts, IReadOnlyList<PlannedPiece> pieces,
        BatchBlobTable blobs, string keyId, DateTimeOffset created, ManifestComposer? previousAttempt = null)
    {
        _request = request;
        _pieces = pieces;
        _keyId = keyId;
        _created = created;
        VolumeCount = pieces.Count == 0 ? 1 : pieces[^1].Volume;
        Artifacts = artifacts;
        // The writer plans again until the metadata fits; the table has the same blobs for every plan, so it is refilled.
        _blobs = blobs;
        _placements = previousAttempt?._placements ?? new BlobPlacementTable(blobs);
        _placements.Fill(pieces);
        if (previousAttempt is null)
        {
            CheckImagesListOnlyTheBatchsBlobs();
        }
    }

    public int VolumeCount { get; }

    public IReadOnlyList<ManifestArtifact> Artifacts { get; }

    public string TrustedComment => BatchTrustedComment.For(_request.BatchId, _request.SiteId, _request.Sequence);

    /// <summary>
    /// The manifest's entries for the request's artifacts, each blob listed once: the same whatever the plan, so made once
    /// for all the plans the writer tries.
    /// </summary>
    public static IReadOnlyList<ManifestArtifact> ArtifactsOf(BatchWriteRequest request, IReadOnlyList<string?> layoutTags) =>
        request.Artifacts
            .Select((a, i) => new ManifestArtifact(a, layoutTags[i], BlobDigestList.Of(a.BlobList))
            {
                Attachments = a.Attachments.Count == 0 ? null : a.Attachments,
            })
            .ToList();

    /// <summary>Images that skopeo can read from this volume: every blob whole here, none chunked or left out.</summary>
    public IEnumerable<(ManifestArtifact Artifact, long Size)> ReadableImages(int volume) =>
        Artifacts
            .Where(MayBeReadable)
            .Where(a => a.Blobs.All(d => WholeOnVolume(ImagePlacement(d)) == volume))
            .Select(a => (a, ImagePlacement(a.Digest).Size));

    /// <summary>Writes manifest.json in blocks of about 64 KiB to <paramref name="sink"/>.</summary>
    public void Write(BlockSink sink, PieceHashes hashes, IReadOnlyList<ManifestVolume> volumes, IReadOnlyList<ManifestFile> layoutFiles)
    {
        var buffer = new ArrayBufferWriter<byte>(BlockSize * 2);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        var context = BatchJsonContext.Default;

        // Same members in the same order as BatchManifest.
        json.WriteStartObject();
        json.WriteNumber("formatVersion", BatchManifest.CurrentFormatVersion);
        json.WriteString("batchId", _request.BatchId);
        json.WriteString("siteId", _request.SiteId);
        json.WriteNumber("sequence", _request.Sequence);
        json.WriteString("createdUtc", _created);
        json.WriteString("expiresUtc", _created + _request.Validity);
        json.WriteString("keyId", _keyId);
        json.WriteNumber("chunkSize", _request.ChunkSize);

        json.WriteStartArray("volumes");
        foreach (var volume in volumes)
        {
            JsonSerializer.Serialize(json, volume, context.ManifestVolume);
        }

        json.WriteEndArray();
        json.WriteStartArray("artifacts");
        foreach (var artifact in Artifacts)
        {
            JsonSerializer.Serialize(json, artifact, context.ManifestArtifact);
            Drain(json, buffer, sink, BlockSize);
        }

        json.WriteEndArray();
        json.WriteStartArray("blobs");
        for (var i = 0; i < _placements.Count; i++)
        {
            JsonSerializer.Serialize(json, Blob(i, _placements.At(i), hashes), context.ManifestBlob);
            Drain(json, buffer, sink, BlockSize);
        }

        json.WriteEndArray();
        json.WriteStartArray("files");
        for (var i = 0; i < _pieces.Count; i++)
        {
            var piece = _pieces[i];
            JsonSerializer.Serialize(json, new ManifestFile { Volume = piece.Volume, Path = piece.Path, Size = piece.Length, Sha256 = hashes.Value(i) },
                context.ManifestFile);
            Drain(json, buffer, sink, BlockSize);
        }

        foreach (var file in layoutFiles)
        {
            JsonSerializer.Serialize(json, file, context.ManifestFile);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        Drain(json, buffer, sink, 0);
    }

    /// <summary>
    /// The metadata bytes (manifest, signature, SHA256SUMS, layout and recovery files, directories) of the fullest volume, the
    /// manifest's bytes, and how many files the batch will list (recovery files included).
    /// </summary>
    public (long PerVolume, long Manifest, int Files) EstimateMetadataBytes(VolumePlanner planner, int allocationUnit)
    {
        var placeholder = new string('0', 64);
        var sumsBytes = new long[VolumeCount + 1];
        var directories = new int[VolumeCount + 1];
        for (var i = 0; i < _pieces.Count; i++)
        {
            var piece = _pieces[i];
            sumsBytes[piece.Volume] += 67L + piece.PathLength;
            // A blob's pieces are consecutive in the plan: its chunk directory is new on a volume where its first piece there lies.
            if (piece.ChunkIndex is not null && (i == 0 || _pieces[i - 1].Blob != piece.Blob || _pieces[i - 1].Volume != piece.Volume))
            {
                directories[piece.Volume]++;
            }
        }

        var volumes = new List<ManifestVolume>(VolumeCount);
        var layoutFiles = new List<ManifestFile>(VolumeCount * 2);
        long worst = 0;
        for (var n = 1; n <= VolumeCount; n++)
        {
            volumes.Add(new ManifestVolume
            {
                Number = n,
                Name = BatchFileNames.VolumeName(_request.BatchId, n),
                Sha256Sums = placeholder,
                FileCount = int.MaxValue,
                Bytes = long.MaxValue,
            });
            var index = OciLayoutIndex.Build(ReadableImages(n)).Length;
            layoutFiles.Add(new ManifestFile { Volume = n, Path = BatchFileNames.OciLayout, Size = OciLayoutIndex.LayoutFile.Length, Sha256 = placeholder });
            layoutFiles.Add(new ManifestFile { Volume = n, Path = BatchFileNames.OciIndex, Size = index, Sha256 = placeholder });
            var recovery = EstimateRecovery(n, layoutFiles[^2..], planner);
            layoutFiles.AddRange(recovery.Files);
            var sums = sumsBytes[n] + 67 + 67 + BatchFileNames.OciIndex.Length + BatchFileNames.OciLayout.Length + recovery.SumsBytes;
            var bytes = planner.OnDisk(sums) + planner.OnDisk(index) + planner.OnDisk(OciLayoutIndex.LayoutFile.Length)
                + planner.OnDisk(1024) + ((3L + directories[n]) * allocationUnit) + recovery.OnDisk;
            worst = Math.Max(worst, bytes);
        }

        long manifest = 0;
        Write(block => manifest += block.Length, PieceHashes.Placeholder, volumes, layoutFiles);
        return (worst + planner.OnDisk(manifest + 1024), manifest, _pieces.Count + layoutFiles.Count);
    }

    /// <summary>
    /// The recovery files a volume will carry (placeholders of the longest names par2's sizes allow), the SHA256SUMS lines
    /// they add and the room they take: par2's output is bounded from the plan before anything is written.
    /// </summary>
    private (List<ManifestFile> Files, long SumsBytes, long OnDisk) EstimateRecovery(int volume, IEnumerable<ManifestFile> layout, VolumePlanner planner)
    {
        var files = new List<ManifestFile>();
        if (_request.RecoveryPercent <= 0)
        {
            return (files, 0, 0);
        }

        var onVolume = _pieces.Where(p => p.Volume == volume)
            .Select(p => new ManifestFile { Volume = volume, Path = p.Path, Size = p.Length, Sha256 = "" })
            .Concat(layout);
        long onDisk = planner.OnDisk(1);
        foreach (var set in Recovery.RecoveryPlanner.Plan(onVolume, _request.RecoveryPercent))
        {
            // The set's files share its bytes; each may waste up to one allocation unit.
            var size = set.EstimatedBytes();
            onDisk += planner.OnDisk(size) + ((long)set.RecoveryFiles * planner.OnDisk(1));
            for (var i = 0; i <= set.RecoveryFiles; i++)
            {
                var path = $"{Recovery.RecoveryFileNames.Directory}/{set.Name}.vol000000-000000.par2";
                files.Add(new ManifestFile { Volume = volume, Path = path, Size = size, Sha256 = new string('0', 64) });
            }
        }

        return (files, files.Sum(f => 67L + f.Path.Length), onDisk);
    }

    private static void Drain(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, BlockSink sink, int atLeast)
    {
        if (json.BytesPending + buffer.WrittenCount < atLeast)
        {
            return;
        }

        json.Flush();
        sink(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    private static bool MayBeReadable(ManifestArtifact artifact) =>
        ArtifactKinds.IsInOciLayout(artifact.Kind) && artifact.LayoutTag is not null && artifact.MediaType is not null;

    private void CheckImagesListOnlyTheBatchsBlobs()
    {
        foreach (var artifact in Artifacts.Where(MayBeReadable))
        {
            foreach (var digest in artifact.Blobs.Append(artifact.Digest))
            {
                _ = ImagePlacement(digest);
            }
        }
    }

    private BlobPlacement ImagePlacement(string digest) =>
        HashNames.TryParse(digest, HashNames.DigestPrefix, out var hash) && _placements.TryFind(hash, out var placement)
            ? placement
            : throw new InvalidOperationException($"an image lists {digest}, which is not among the batch's blobs");

    private int WholeOnVolume(BlobPlacement placement) =>
        placement.PieceCount == 1 && _pieces[placement.FirstPiece].ChunkIndex is null ? _pieces[placement.FirstPiece].Volume : 0;

    private ManifestBlob Blob(int blob, BlobPlacement placement, PieceHashes hashes)
    {
        var digest = _blobs.Digest(blob);
        if (placement.PieceCount == 0)
        {
            return new ManifestBlob { Digest = digest, Size = placement.Size, Shipped = false };
        }

        var first = _pieces[placement.FirstPiece];
        if (placement.PieceCount == 1 && first.ChunkIndex is null)
        {
            return new ManifestBlob { Digest = digest, Size = placement.Size, Shipped = true, Volume = first.Volume, Path = first.Path };
        }

        var chunks = new List<ManifestChunk>(placement.PieceCount);
        for (var i = placement.FirstPiece; i < placement.FirstPiece + placement.PieceCount; i++)
        {
            var piece = _pieces[i];
            chunks.Add(new ManifestChunk
            {
                Index = piece.ChunkIndex!.Value,
                Volume = piece.Volume,
                Path = piece.Path,
                Size = piece.Length,
                Sha256 = hashes.Value(i),
            });
        }

        return new ManifestBlob { Digest = digest, Size = placement.Size, Shipped = true, Chunks = chunks };
    }
}
