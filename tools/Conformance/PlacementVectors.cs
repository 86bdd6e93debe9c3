using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>STR-14 to STR-20: where blobs are stored, and how files, blobs, artifacts and volumes account for each other.</summary>
internal static class PlacementVectors
{
    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("str14-unshipped-with-path", "STR-14", Reasons.ManifestInvalid, Fails, "A shipped:false blob with a path",
            Manifest(b => b.Incremental, v => Unshipped(v)["path"] = BatchFileNames.BlobPath((string)Unshipped(v)["digest"]!))),
        Invalid("str14-unshipped-with-volume", "STR-14", Reasons.ManifestInvalid, Fails, "A shipped:false blob with a volume",
            Manifest(b => b.Incremental, v => Unshipped(v)["volume"] = 1)),
        Invalid("str15-whole-blob-wrong-path", "STR-15", Reasons.ManifestInvalid, Passes,
            "The file blob's path (blob entry, files entry and the file itself) named after another digest",
            Manifest(b => b.Single, v =>
            {
                var (digest, path) = StructureVectors.PatchBlob(v);
                var other = BatchFileNames.BlobPath("sha256:" + new string('e', 64));
                File.Move(v.PathOf(path), v.PathOf(other));
                v.FileEntry(path)["path"] = other;
                v.Blob(digest)["path"] = other;
            })),
        Invalid("str15-whole-blob-no-volume", "STR-15", Reasons.ManifestInvalid, Fails, "The file blob has a path but no volume",
            Manifest(b => b.Single, v => v.Blob(StructureVectors.PatchBlob(v).Digest).Remove("volume"))),
        Invalid("str15-whole-blob-size-differs", "STR-15", Reasons.ManifestInvalid, Passes,
            "The file blob's size is one more than its files entry's",
            Manifest(b => b.Single, v =>
            {
                var blob = v.Blob(StructureVectors.PatchBlob(v).Digest);
                blob["size"] = VolumeEdit.Long(blob["size"]) + 1;
            })),
        Invalid("str15-whole-blob-sha256-differs", "STR-15", Reasons.ManifestInvalid, Passes,
            "Other bytes (as many) stored under the file blob's name, its files entry and SHA256SUMS hashing those bytes",
            Manifest(b => b.Single, v =>
            {
                var path = StructureVectors.PatchBlob(v).Path;
                File.WriteAllBytes(v.PathOf(path), new byte[new FileInfo(v.PathOf(path)).Length]);
                v.Refresh(path);
            })),
        Invalid("str15-whole-blob-over-chunk-size", "STR-15", Reasons.ManifestInvalid, Passes,
            "chunkSize 16384, but the 20,000-byte file blob is stored whole",
            Manifest(b => b.Single, v => v.Manifest["chunkSize"] = 16384)),
        Invalid("str16-chunk-misnumbered", "STR-16", Reasons.ManifestInvalid, Passes, "The first chunk has index 1",
            Manifest(b => b.ChunkedOneVolume, v => Chunks(v)[0]!["index"] = 1)),
        Invalid("str16-chunk-misnamed", "STR-16", Reasons.ManifestInvalid, Fails,
            "Chunk 1 is stored as chunks/<hex>/001 (three digits; chunk entry, files entry and file agree)",
            Manifest(b => b.ChunkedOneVolume, v =>
            {
                var chunk = Chunks(v)[1]!;
                var path = (string)chunk["path"]!;
                var renamed = path[..^4] + "001";
                File.Move(v.PathOf(path), v.PathOf(renamed));
                v.FileEntry(path)["path"] = renamed;
                chunk["path"] = renamed;
            })),
        Invalid("str16-sizes-do-not-add-up", "STR-16", Reasons.ManifestInvalid, Passes, "The chunks add up to one byte less than the blob's size",
            Manifest(b => b.ChunkedOneVolume, v => Chunked(v)["size"] = VolumeEdit.Long(Chunked(v)["size"]) + 1)),
        Invalid("str16-chunk-over-chunk-size", "STR-16", Reasons.ManifestInvalid, Passes, "chunkSize 8192, but the chunks are of 16384 bytes",
            Manifest(b => b.ChunkedOneVolume, v => v.Manifest["chunkSize"] = 8192)),
        Invalid("str16-chunked-blob-with-path", "STR-16", Reasons.ManifestInvalid, Fails, "The chunked blob also has a path and a volume",
            Manifest(b => b.ChunkedOneVolume, v =>
            {
                Chunked(v)["volume"] = 1;
                Chunked(v)["path"] = BatchFileNames.BlobPath((string)Chunked(v)["digest"]!);
            })),
        Invalid("str16-no-chunks", "STR-16", Reasons.ManifestInvalid, Fails,
            "The chunked blob's chunks list is empty (its files stay listed)",
            Manifest(b => b.ChunkedOneVolume, v => Chunks(v).Clear())),
        Invalid("str16-chunk-sha256-differs", "STR-16", Reasons.ManifestInvalid, Passes,
            "Chunk 1's sha256 is chunk 0's; the files entry has the right one",
            Manifest(b => b.ChunkedOneVolume, v => Chunks(v)[1]!["sha256"] = Chunks(v)[0]!["sha256"]!.DeepClone())),
        Invalid("str17-file-of-no-blob", "STR-17", Reasons.ManifestInvalid, Passes,
            "notes/readme.txt is on the volume, listed and in SHA256SUMS, but belongs to no blob",
            Manifest(b => b.Single, v => AddListedFile(v, "notes/readme.txt", "not a blob\n"))),
        Invalid("rec1-recovery-file-of-another-name", "REC-1", Reasons.ManifestInvalid, Passes,
            "recovery/notes.txt is on the volume, listed and in SHA256SUMS, but is not a recovery file name the format allows",
            Manifest(b => b.Single, v => AddListedFile(v, "recovery/notes.txt", "not a par2 file\n"))),
        Invalid("str18-no-oci-layout", "STR-18", Reasons.ManifestInvalid, Passes, "oci-layout is neither on the volume nor listed",
            Manifest(b => b.Single, v => Drop(v, BatchFileNames.OciLayout))),
        Invalid("str18-no-index-json", "STR-18", Reasons.ManifestInvalid, Passes, "index.json is neither on the volume nor listed",
            Manifest(b => b.Single, v => Drop(v, BatchFileNames.OciIndex))),
        Invalid("str19-blob-of-no-artifact", "STR-19", Reasons.ManifestInvalid, Passes,
            "A shipped:false blob that no artifact lists",
            Manifest(b => b.Single, v => v.Blobs.Add(new JsonObject
            {
                ["digest"] = "sha256:" + new string('d', 64),
                ["size"] = 10,
                ["shipped"] = false,
            }))),
        Invalid("str20-file-count", "STR-20", Reasons.ManifestInvalid, Passes, "The volume's fileCount is one more than its files entries",
            build => VolumeEntryAsync(build, "fileCount")),
        Invalid("str20-bytes", "STR-20", Reasons.ManifestInvalid, Passes, "The volume's bytes is one more than its files' sizes",
            build => VolumeEntryAsync(build, "bytes")),
    ];

    private static JsonObject Unshipped(VolumeEdit volume) =>
        volume.Blobs.Select(b => b!.AsObject()).Single(b => !(bool)b["shipped"]!);

    private static JsonObject Chunked(VolumeEdit volume) =>
        volume.Blobs.Select(b => b!.AsObject()).Single(b => b["chunks"] is not null);

    private static JsonArray Chunks(VolumeEdit volume) => Chunked(volume)["chunks"]!.AsArray();

    // A file on the volume, listed in the manifest and in SHA256SUMS, that belongs to nothing the format knows.
    private static void AddListedFile(VolumeEdit volume, string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(volume.PathOf(path))!);
        File.WriteAllText(volume.PathOf(path), content);
        volume.AddFileEntry(path);
    }

    private static void Drop(VolumeEdit volume, string path)
    {
        File.Delete(volume.PathOf(path));
        volume.Files.Remove(volume.FileEntry(path));
    }

    private static async Task<string> VolumeEntryAsync(VectorBuild build, string property)
    {
        var volume = build.Copy(build.Bases.Single);
        volume.Volume[property] = VolumeEdit.Long(volume.Volume[property]) + 1;
        await volume.CommitAsync(rewriteSums: false, updateVolume: false, ct: build.CancellationToken);
        return volume.Directory;
    }
}
