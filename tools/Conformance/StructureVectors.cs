using System.Globalization;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>STR-1 to STR-13: volumes, file entries and blob entries in themselves.</summary>
internal static class StructureVectors
{
    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("str1-volume-misnumbered", "STR-1", Reasons.ManifestInvalid, Passes, "The only volume entry has number 2",
            Manifest(b => b.Single, v => v.Volume["number"] = 2)),
        Invalid("str2-volume-name-slash", "STR-2", Reasons.UnsafePath, Fails, "The volume's name contains '/'",
            Manifest(b => b.Single, v => v.Volume["name"] = "media/site-a-000001-v001")),
        Invalid("str2-volume-name-dot-dot", "STR-2", Reasons.UnsafePath, Fails, "The volume's name is \"..\"",
            Manifest(b => b.Single, v => v.Volume["name"] = "..")),
        Invalid("str2-volume-name-reserved", "STR-2", Reasons.UnsafePath, Fails, "The volume's name is the device name \"CON\"",
            Manifest(b => b.Single, v => v.Volume["name"] = "CON")),
        Invalid("str3-volume-names-differ-in-case", "STR-3", Reasons.DuplicateEntry, Passes,
            "Volume 1 of 2: volume 2's name is volume 1's in uppercase",
            Manifest(b => b.TwoVolumesFirst, v => v.Volumes[1]!["name"] = ((string)v.Volumes[0]!["name"]!).ToUpperInvariant())),
        Invalid("str4-sums-hash-uppercase", "STR-4", Reasons.ManifestInvalid, Fails, "The volume's sha256Sums in uppercase hex",
            build => SumsHashAsync(build, hash => hash.ToUpperInvariant())),
        Invalid("str4-sums-hash-short", "STR-4", Reasons.ManifestInvalid, Fails, "The volume's sha256Sums has 63 digits",
            build => SumsHashAsync(build, hash => hash[1..])),
        .. UnsafePaths(),
        Invalid("str6-reserved-name", "STR-6", Reasons.UnsafePath, Fails,
            "A files entry for SHA256SUMS (with the size and sha256 of an empty file)",
            Manifest(b => b.Single, v => v.Files.Add(Entry(v.Number, BatchFileNames.Sums, 0, VolumeEdit.Sha256Hex([]))))),
        Invalid("str7-file-on-volume-2", "STR-7", Reasons.ManifestInvalid, Passes,
            "The file blob and its files entry say volume 2 of a one-volume batch",
            Manifest(b => b.Single, v =>
            {
                var (digest, path) = PatchBlob(v);
                v.FileEntry(path)["volume"] = 2;
                v.Blob(digest)["volume"] = 2;
            })),
        Invalid("str8-file-size-4gib", "STR-8", Reasons.LimitExceeded, Fails, "A files entry of 4294967296 bytes",
            Manifest(b => b.Single, v => v.FileEntry(PatchBlob(v).Path)["size"] = 4294967296L)),
        Invalid("str8-file-size-negative", "STR-8", Reasons.LimitExceeded, Fails, "A files entry of -1 bytes",
            Manifest(b => b.Single, v => v.FileEntry(PatchBlob(v).Path)["size"] = -1)),
        Invalid("str9-file-sha256-uppercase", "STR-9", Reasons.ManifestInvalid, Fails, "A files entry's sha256 in uppercase hex",
            Manifest(b => b.Single, v =>
            {
                var entry = v.FileEntry(PatchBlob(v).Path);
                entry["sha256"] = ((string)entry["sha256"]!).ToUpperInvariant();
            })),
        Invalid("str10-file-listed-twice", "STR-10", Reasons.DuplicateEntry, Passes, "The file blob's files entry appears twice",
            Manifest(b => b.Single, v => v.Files.Add(v.FileEntry(PatchBlob(v).Path).DeepClone()))),
        Invalid("str11-names-differ-in-case", "STR-11", Reasons.NameCollision, Passes,
            "INDEX.JSON (a copy of index.json, on the volume and listed) beside index.json",
            Manifest(b => b.Single, v =>
            {
                System.IO.File.Copy(v.PathOf(BatchFileNames.OciIndex), v.PathOf("INDEX.JSON"));
                v.AddFileEntry("INDEX.JSON");
            })),
        Invalid("str11-file-named-like-directory", "STR-11", Reasons.NameCollision, Passes,
            "A files entry for an empty file named \"blobs\", the directory of the blobs",
            Manifest(b => b.Single, v => v.Files.Add(Entry(v.Number, "blobs", 0, VolumeEdit.Sha256Hex([]))))),
        Invalid("str12-batch-over-4tib", "STR-12", Reasons.LimitExceeded, Fails,
            "Five more blobs of 1 TiB (257 chunks of at most 4 GiB - 1 each) listed by the file artifact: 5 TiB of files. "
            + "Only the manifest says so: the chunks are not on the volume",
            Manifest(b => b.Single, AddTebibyteBlobs)),
        Invalid("str13-blob-digest-uppercase", "STR-13", Reasons.ManifestInvalid, Fails, "A blob entry's digest in uppercase hex",
            Manifest(b => b.Single, v =>
            {
                var blob = v.Blob(PatchBlob(v).Digest);
                blob["digest"] = "sha256:" + ((string)blob["digest"]!)[7..].ToUpperInvariant();
            })),
        Invalid("str13-blob-listed-twice", "STR-13", Reasons.DuplicateEntry, Passes, "The file's blob entry appears twice",
            Manifest(b => b.Single, v => v.Blobs.Add(v.Blob(PatchBlob(v).Digest).DeepClone()))),
        Invalid("str13-blob-over-1tib", "STR-13", Reasons.LimitExceeded, Fails, "A blob entry of 2^40 + 1 bytes",
            Manifest(b => b.Single, v => v.Blob(PatchBlob(v).Digest)["size"] = (1L << 40) + 1)),
    ];

    /// <summary>The file artifact's blob, stored whole: its digest and path.</summary>
    internal static (string Digest, string Path) PatchBlob(VolumeEdit volume)
    {
        var digest = (string)volume.Artifact(ArtifactKinds.File)["digest"]!;
        return (digest, BatchFileNames.BlobPath(digest));
    }

    internal static JsonObject Entry(int volume, string path, long size, string sha256) =>
        new() { ["volume"] = volume, ["path"] = path, ["size"] = size, ["sha256"] = sha256 };

    // The file blob stored under another name: its files entry and blob entry both say it (the file stays where it was).
    private static IEnumerable<VectorDefinition> UnsafePaths()
    {
        (string Id, string Description, Func<string, string> Path, SchemaVerdict Schema)[] cases =
        [
            ("dot-dot", "a '..' component", p => p.Replace("sha256/", "sha256/../sha256/", StringComparison.Ordinal), Fails),
            ("absolute", "an absolute path", p => "/" + p, Fails),
            ("empty-component", "an empty component ('//')", p => p.Replace("/", "//", StringComparison.Ordinal), Fails),
            ("space", "a space", p => p + " x", Fails),
            ("backslash", "a backslash", p => p.Replace("sha256/", "sha256\\", StringComparison.Ordinal), Fails),
            ("non-ascii", "a non-ASCII letter", p => p.Replace("blobs/", "blöbs/", StringComparison.Ordinal), Fails),
            ("leading-dot", "a component starting with '.'", p => p.Replace("sha256/", "sha256/.", StringComparison.Ordinal), Fails),
            ("leading-hyphen", "a component starting with '-'", p => p.Replace("sha256/", "sha256/-", StringComparison.Ordinal), Fails),
            ("trailing-dot", "a component ending with '.'", p => p + ".", Fails),
            ("device-name", "the device name AUX with an extension", p => p.Replace("sha256/", "sha256/aux.", StringComparison.Ordinal), Fails),
            ("component-65", "a component of 65 characters", p => p + "0", Fails),
            ("path-181", "181 characters", p => p.Replace("blobs/", string.Concat(Enumerable.Repeat("deep/", 22)) + "blobs/", StringComparison.Ordinal), Fails),
        ];
        return cases.Select(c => Invalid($"str5-path-{c.Id}", "STR-5", Reasons.UnsafePath, c.Schema,
            $"The file blob's path (files entry and blob entry) has {c.Description}",
            Manifest(b => b.Single, v =>
            {
                var (digest, path) = PatchBlob(v);
                var unsafePath = c.Path(path);
                v.FileEntry(path)["path"] = unsafePath;
                v.Blob(digest)["path"] = unsafePath;
            })));
    }

    private static void AddTebibyteBlobs(VolumeEdit volume)
    {
        const long Tebibyte = 1L << 40;
        const long ChunkSize = 4294967295L;
        volume.Manifest["chunkSize"] = ChunkSize;
        var artifactBlobs = volume.Artifact(ArtifactKinds.File)["blobs"]!.AsArray();
        for (var b = 1; b <= 5; b++)
        {
            var hex = b.ToString("x64", CultureInfo.InvariantCulture);
            var chunks = new JsonArray();
            var index = 0;
            for (long offset = 0; offset < Tebibyte; offset += ChunkSize, index++)
            {
                var size = Math.Min(ChunkSize, Tebibyte - offset);
                var path = BatchFileNames.ChunkPath("sha256:" + hex, index);
                var sha256 = VolumeEdit.Sha256Hex(System.Text.Encoding.ASCII.GetBytes(path));
                chunks.Add(new JsonObject { ["index"] = index, ["volume"] = volume.Number, ["path"] = path, ["size"] = size, ["sha256"] = sha256 });
                volume.Files.Add(Entry(volume.Number, path, size, sha256));
            }

            volume.Blobs.Add(new JsonObject { ["digest"] = "sha256:" + hex, ["size"] = Tebibyte, ["shipped"] = true, ["chunks"] = chunks });
            artifactBlobs.Add("sha256:" + hex);
        }
    }

    private static async Task<string> SumsHashAsync(VectorBuild build, Func<string, string> edit)
    {
        var volume = build.Copy(build.Bases.Single);
        volume.Volume["sha256Sums"] = edit((string)volume.Volume["sha256Sums"]!);
        await volume.CommitAsync(rewriteSums: false, updateVolume: false, ct: build.CancellationToken);
        return volume.Directory;
    }
}
