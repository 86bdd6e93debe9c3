using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using static TransferPipeline.Conformance.Define;
using static TransferPipeline.Conformance.SchemaVerdict;

namespace TransferPipeline.Conformance;

/// <summary>INV, CON and LAY: what is on the volume, every byte of it, and its OCI layout.</summary>
internal static class VolumeVectors
{
    private const UnixFileMode Directory755 = (UnixFileMode)0x1ED;

    public static IEnumerable<VectorDefinition> All =>
    [
        Invalid("inv1-symlink", "INV-1", Reasons.UnsafeFileType, Passes,
            "The file blob is a symbolic link to its bytes beside the volume",
            Disk(b => b.Single, (build, v) => FileSystemFaults.Symlink(build, v, Patch(v), "blob.target"))),
        Invalid("inv1-fifo", "INV-1", Reasons.UnsafeFileType, Passes, "The file blob is a FIFO",
            Disk(b => b.Single, (_, v) => FileSystemFaults.Fifo(v, Patch(v)))),
        Invalid("inv1-extra-symlink", "INV-1", Reasons.UnsafeFileType, Passes,
            "An unlisted symbolic link blobs/sha256/latest pointing at a listed blob",
            Disk(b => b.Single, (_, v) => File.CreateSymbolicLink(v.PathOf("blobs/sha256/latest"), BatchFileNames.DigestHex(Digest(v))))),
        Invalid("inv2-setuid-file", "INV-2", Reasons.UnsafeFileType, Passes, "The file blob has the set-uid bit (mode 4644)",
            Disk(b => b.Single, (_, v) => File.SetUnixFileMode(v.PathOf(Patch(v)), File.GetUnixFileMode(v.PathOf(Patch(v))) | UnixFileMode.SetUser))),
        Invalid("inv2-setgid-directory", "INV-2", Reasons.UnsafeFileType, Passes, "The directory blobs/sha256 has the set-gid bit",
            Disk(b => b.Single, (_, v) => File.SetUnixFileMode(v.PathOf("blobs/sha256"), Directory755 | UnixFileMode.SetGroup))),
        Invalid("inv2-sticky-directory", "INV-2", Reasons.UnsafeFileType, Passes, "The directory blobs has the sticky bit",
            Disk(b => b.Single, (_, v) => File.SetUnixFileMode(v.PathOf("blobs"), Directory755 | UnixFileMode.StickyBit))),
        Invalid("inv3-hard-link", "INV-3", Reasons.HardLink, Passes, "The file blob has a second name beside the volume",
            Disk(b => b.Single, (build, v) => NativeLinks.HardLink(v.PathOf(Patch(v)), build.Beside("second-name")))),
        Invalid("inv4-extra-file", "INV-4", Reasons.UnexpectedFile, Passes, "An unlisted README.txt at the volume's root",
            Disk(b => b.Single, (_, v) => File.WriteAllText(v.PathOf("README.txt"), "not listed\n"))),
        Invalid("inv4-extra-directory", "INV-4", Reasons.UnexpectedFile, Passes, "An unlisted empty directory extra/",
            Disk(b => b.Single, (_, v) => Directory.CreateDirectory(v.PathOf("extra")))),
        Invalid("inv4-extra-blob", "INV-4", Reasons.UnexpectedFile, Passes, "An unlisted blob file in blobs/sha256",
            Disk(b => b.Single, (_, v) => File.WriteAllText(v.PathOf("blobs/sha256/" + new string('a', 64)), "x"))),
        Invalid("inv5-blob-missing", "INV-5", Reasons.MissingFile, Passes, "The file blob is not on the volume",
            Disk(b => b.Single, (_, v) => File.Delete(v.PathOf(Patch(v))))),
        Invalid("inv5-chunk-missing", "INV-5", Reasons.MissingFile, Passes, "The last chunk is not on the volume",
            Disk(b => b.ChunkedOneVolume, (_, v) =>
                File.Delete(v.PathOf(BatchFileNames.ChunkPath((string)v.Artifacts[0]!["digest"]!, 2))))),
        Invalid("inv6-blob-truncated", "INV-6", Reasons.SizeMismatch, Passes, "The file blob is one byte short",
            Disk(b => b.Single, (_, v) => SetLength(v.PathOf(Patch(v)), -1))),
        Invalid("inv6-blob-grown-sparse", "INV-6", Reasons.SizeMismatch, Passes,
            "The file blob grown to 1 GiB with NUL bytes (sparse); refused by its size before it is read",
            Disk(b => b.Single, (_, v) => SetLength(v.PathOf(Patch(v)), 1L << 30, absolute: true))),
        Invalid("con1-blob-altered", "CON-1", Reasons.HashMismatch, Passes, "One bit of the file blob flipped",
            Disk(b => b.Single, (_, v) => FlipBit(v.PathOf(Patch(v)), 100))),
        Invalid("con1-chunk-altered", "CON-1", Reasons.HashMismatch, Passes, "One bit of the middle chunk flipped",
            Disk(b => b.ChunkedOneVolume, (_, v) => FlipBit(v.PathOf(BatchFileNames.ChunkPath((string)v.Artifacts[0]!["digest"]!, 1)), 5))),
        Layout("lay1-layout-spaced", "LAY-1", "oci-layout is {\"imageLayoutVersion\": \"1.0.0\"} (a space)",
            v => File.WriteAllText(v.PathOf(BatchFileNames.OciLayout), """{"imageLayoutVersion": "1.0.0"}""")),
        Layout("lay1-layout-version", "LAY-1", "oci-layout says version 1.1.0",
            v => File.WriteAllText(v.PathOf(BatchFileNames.OciLayout), """{"imageLayoutVersion":"1.1.0"}""")),
        Index("lay2-image-missing", "index.json lists only the app image, not the tool image", (v, images) => images.RemoveAt(1)),
        Index("lay2-image-twice", "index.json lists the app image twice", (v, images) => images.Add(images[0]!.DeepClone())),
        Index("lay2-wrong-size", "index.json gives the app image's index one byte more than its size",
            (v, images) => images[0]!["size"] = VolumeEdit.Long(images[0]!["size"]) + 1),
        Index("lay2-wrong-tag", "index.json tags the app image 'latest'",
            (v, images) => images[0]!["annotations"]!["org.opencontainers.image.ref.name"] = "latest"),
        Index("lay2-wrong-media-type", "index.json gives the app image (an index) the media type of an image manifest",
            (v, images) => images[0]!["mediaType"] = OciMediaTypes.ImageManifest),
        Index("lay2-other-blob-listed", "index.json also lists the file blob as an image manifest", (v, images) =>
        {
            var patch = v.Blob(StructureVectors.PatchBlob(v).Digest);
            images.Add(LayoutIndexJson.Entry(OciMediaTypes.ImageManifest, (string)patch["digest"]!, VolumeEdit.Long(patch["size"]), "patch"));
        }),
        Index("lay2-unreadable-image-listed", "Incremental batch: index.json also lists the app image, one of whose layers is not shipped",
            (v, images) =>
            {
                var app = v.ArtifactNamed("library/app");
                var size = VolumeEdit.Long(v.Blob((string)app["digest"]!)["size"]);
                images.Insert(0, LayoutIndexJson.Entry((string)app["mediaType"]!, (string)app["digest"]!, size, (string)app["layoutTag"]!));
            }, incremental: true),
        Layout("lay2-schema-version-1", "LAY-2", "index.json has schemaVersion 1",
            v => File.WriteAllBytes(v.PathOf(BatchFileNames.OciIndex), LayoutIndexJson.Serialize(Images(v), schemaVersion: 1))),
        Layout("lay2-not-json", "LAY-2", "index.json is not JSON", v => File.WriteAllText(v.PathOf(BatchFileNames.OciIndex), "not json\n")),
    ];

    private static string Digest(VolumeEdit volume) => StructureVectors.PatchBlob(volume).Digest;

    private static string Patch(VolumeEdit volume) => StructureVectors.PatchBlob(volume).Path;

    private static JsonArray Images(VolumeEdit volume) =>
        JsonNode.Parse(File.ReadAllBytes(volume.PathOf(BatchFileNames.OciIndex)))!["manifests"]!.AsArray().DeepClone().AsArray();

    /// <summary>A layout file rewritten by <paramref name="edit"/>; files entry, SHA256SUMS and manifest follow, signed.</summary>
    private static VectorDefinition Layout(string id, string rule, string description, Action<VolumeEdit> edit, bool incremental = false) =>
        Invalid(id, rule, Reasons.LayoutMismatch, Passes, description + "; its files entry and SHA256SUMS follow, signed",
            Manifest(b => incremental ? b.Incremental : b.Single, v =>
            {
                edit(v);
                v.Refresh(BatchFileNames.OciLayout);
                v.Refresh(BatchFileNames.OciIndex);
            }));

    private static VectorDefinition Index(string id, string description, Action<VolumeEdit, JsonArray> edit, bool incremental = false) =>
        Layout(id, "LAY-2", description, v =>
        {
            var images = Images(v);
            edit(v, images);
            File.WriteAllBytes(v.PathOf(BatchFileNames.OciIndex), LayoutIndexJson.Serialize(images));
        }, incremental);

    private static void SetLength(string path, long length, bool absolute = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(absolute ? length : stream.Length + length);
    }

    private static void FlipBit(string path, int offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
