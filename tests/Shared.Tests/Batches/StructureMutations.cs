using System.Text.Json.Nodes;
using static TransferPipeline.Shared.Tests.Batches.ManifestNodes;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// Single edits of a written manifest for the field-level STR rules. Paths are accepted through the volume name (a
/// file's path must also match its blob, which a schema cannot check) and refused through a file's path.
/// </summary>
internal static class StructureMutations
{
    public static IEnumerable<ManifestMutation> All =>
    [
        new("MAN-1", "unknown volume property", false, m => Volume(m)["label"] = "disk"),
        new("STR-1", "volume number 0", false, m => Volume(m)["number"] = 0),
        new("STR-1", "volume number 1000", false, m => Volume(m)["number"] = 1000),
        new("STR-2", "volume name of letters, digits, '.', '_' and '-'", true, m => Volume(m)["name"] = "Vol_1.a-b"),
        new("STR-2", "volume name of 64 characters", true, m => Volume(m)["name"] = new string('v', 64)),
        new("STR-2", "volume name of 65 characters", false, m => Volume(m)["name"] = new string('v', 65)),
        new("STR-2", "volume name with '/'", false, m => Volume(m)["name"] = "media/vol1"),
        new("STR-2", "volume name starting with '.'", false, m => Volume(m)["name"] = ".vol"),
        new("STR-2", "volume name starting with '-'", false, m => Volume(m)["name"] = "-vol"),
        new("STR-2", "volume name ending with '.'", false, m => Volume(m)["name"] = "vol."),
        new("STR-2", "volume name '..'", false, m => Volume(m)["name"] = ".."),
        new("STR-2", "volume name with a space", false, m => Volume(m)["name"] = "vol 1"),
        new("STR-2", "empty volume name", false, m => Volume(m)["name"] = ""),
        new("STR-2", "volume name of a device", false, m => Volume(m)["name"] = "Com1"),
        new("STR-2", "volume name whose stem is a device", false, m => Volume(m)["name"] = "nul.tar.gz"),
        new("STR-2", "volume name that only starts like a device", true, m => Volume(m)["name"] = "console.aux"),
        new("STR-4", "sha256Sums in uppercase", false,
            m => Volume(m)["sha256Sums"] = ((string)Volume(m)["sha256Sums"]!).ToUpperInvariant()),
        new("STR-4", "sha256Sums of 63 digits", false, m => Volume(m)["sha256Sums"] = ((string)Volume(m)["sha256Sums"]!)[1..]),
        new("STR-20", "negative fileCount", false, m => Volume(m)["fileCount"] = -1),
        new("STR-20", "negative bytes", false, m => Volume(m)["bytes"] = -1),
        .. Files,
        .. Blobs,
        .. Chunks,
    ];

    private static IEnumerable<ManifestMutation> Files =>
    [
        new("MAN-1", "unknown file property", false, m => WholeBlobFile(m)["mode"] = "0644"),
        new("STR-5", "path with '..'", false, m => WholeBlobFile(m)["path"] = "blobs/../x"),
        new("STR-5", "path with '.'", false, m => WholeBlobFile(m)["path"] = "blobs/./x"),
        new("STR-5", "path with '//'", false, m => WholeBlobFile(m)["path"] = "blobs//x"),
        new("STR-5", "absolute path", false, m => WholeBlobFile(m)["path"] = "/blobs/x"),
        new("STR-5", "path ending with '/'", false, m => WholeBlobFile(m)["path"] = "blobs/x/"),
        new("STR-5", "path with a backslash", false, m => WholeBlobFile(m)["path"] = "blobs\\x"),
        new("STR-5", "path with a non-ASCII letter", false, m => WholeBlobFile(m)["path"] = "blobs/é"),
        new("STR-5", "path with a component starting with '-'", false, m => WholeBlobFile(m)["path"] = "blobs/-x"),
        new("STR-5", "path with a component ending with '.'", false, m => WholeBlobFile(m)["path"] = "blobs./x"),
        new("STR-5", "path with a device name", false, m => WholeBlobFile(m)["path"] = "blobs/LPT1.txt"),
        new("STR-5", "path of 181 characters", false, m => WholeBlobFile(m)["path"] = string.Concat(Enumerable.Repeat("a/", 90)) + "a"),
        new("STR-5", "path with a component of 65 characters", false, m => WholeBlobFile(m)["path"] = "blobs/" + new string('x', 65)),
        new("STR-6", "path manifest.json", false, m => WholeBlobFile(m)["path"] = "manifest.json"),
        new("STR-6", "path SHA256SUMS", false, m => WholeBlobFile(m)["path"] = "SHA256SUMS"),
        new("STR-7", "file on volume 0", false, m => WholeBlobFile(m)["volume"] = 0),
        new("STR-8", "negative file size", false, m => WholeBlobFile(m)["size"] = -1),
        new("STR-8", "file of 4 GiB", false, m => WholeBlobFile(m)["size"] = 4_294_967_296L),
        new("STR-9", "file sha256 in uppercase", false,
            m => WholeBlobFile(m)["sha256"] = ((string)WholeBlobFile(m)["sha256"]!).ToUpperInvariant()),
    ];

    private static IEnumerable<ManifestMutation> Blobs =>
    [
        new("MAN-1", "unknown blob property", false, m => UnshippedBlob(m)["mediaType"] = "x"),
        new("MAN-1", "shipped as a string", false, m => UnshippedBlob(m)["shipped"] = "false"),
        new("STR-13", "blob digest of 63 digits", false, m => UnshippedBlob(m)["digest"] = ((string)UnshippedBlob(m)["digest"]!)[..^1]),
        new("STR-13", "blob digest with a trailing line feed", false, m =>
        {
            var digest = (string)UnshippedBlob(m)["digest"]!;
            var image = Artifact(m, "image")["blobs"]!.AsArray();
            image[image.Select(d => (string)d!).ToList().IndexOf(digest)] = digest + "\n";
            UnshippedBlob(m)["digest"] = digest + "\n";
        }),
        new("STR-13", "negative blob size", false, m => UnshippedBlob(m)["size"] = -1),
        new("STR-13", "blob of 2^40 bytes", true, m => UnshippedBlob(m)["size"] = 1L << 40),
        new("STR-13", "blob of 2^40 + 1 bytes", false, m => UnshippedBlob(m)["size"] = (1L << 40) + 1),
        new("STR-14", "unshipped blob with volume, path and chunks null", true, m =>
        {
            UnshippedBlob(m)["volume"] = null;
            UnshippedBlob(m)["path"] = null;
            UnshippedBlob(m)["chunks"] = null;
        }),
        new("STR-14", "unshipped blob on a volume", false, m => UnshippedBlob(m)["volume"] = 1),
        new("STR-14", "unshipped blob with a path", false,
            m => UnshippedBlob(m)["path"] = "blobs/sha256/" + ((string)UnshippedBlob(m)["digest"]!)[7..]),
        new("STR-14", "unshipped blob with chunks", false, m => UnshippedBlob(m)["chunks"] = new JsonArray()),
        new("STR-15", "whole blob with chunks null", true, m => WholeBlob(m)["chunks"] = null),
        new("STR-15", "whole blob without a volume", false, m => WholeBlob(m).Remove("volume")),
        new("STR-15", "whole blob with volume null", false, m => WholeBlob(m)["volume"] = null),
        new("STR-15", "whole blob on volume 0", false, m => WholeBlob(m)["volume"] = 0),
        new("STR-15", "whole blob with chunks", false, m => WholeBlob(m)["chunks"] = ChunkedBlob(m)["chunks"]!.DeepClone()),
        new("STR-15", "whole blob in another directory", false,
            m => WholeBlob(m)["path"] = "layers/" + ((string)WholeBlob(m)["path"]!)[13..]),
        new("STR-15", "whole blob of 4 GiB", false, m => WholeBlob(m)["size"] = 4_294_967_296L),
        new("STR-15", "shipped blob without a file", false, m => UnshippedBlob(m)["shipped"] = true),
    ];

    private static IEnumerable<ManifestMutation> Chunks =>
    [
        new("STR-16", "chunked blob with path and volume null", true, m =>
        {
            ChunkedBlob(m)["path"] = null;
            ChunkedBlob(m)["volume"] = null;
        }),
        new("STR-16", "chunked blob with a volume", false, m => ChunkedBlob(m)["volume"] = 1),
        new("STR-16", "chunked blob with a path", false,
            m => ChunkedBlob(m)["path"] = "blobs/sha256/" + ((string)ChunkedBlob(m)["digest"]!)[7..]),
        new("STR-16", "chunked blob without chunks", false, m => ChunkedBlob(m)["chunks"] = new JsonArray()),
        new("MAN-1", "unknown chunk property", false, m => Chunk(m)["offset"] = 0),
        new("MAN-1", "chunk without sha256", false, m => Chunk(m).Remove("sha256")),
        new("STR-16", "negative chunk index", false, m => Chunk(m)["index"] = -1),
        new("STR-16", "chunk on volume 0", false, m => Chunk(m)["volume"] = 0),
        new("STR-16", "chunk path of 3 digits", false, m => Chunk(m)["path"] = ((string)Chunk(m)["path"]!)[..^1]),
        new("STR-16", "chunk in the blob directory", false,
            m => Chunk(m)["path"] = ((string)Chunk(m)["path"]!).Replace("chunks/", "blobs/")),
        new("STR-16", "empty chunk", false, m => Chunk(m)["size"] = 0),
        new("STR-16", "chunk sha256 of 65 digits", false, m => Chunk(m)["sha256"] = (string)Chunk(m)["sha256"]! + "0"),
    ];
}
