using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Crypto;

namespace TransferPipeline.Conformance;

/// <summary>
/// A copy of a valid volume being given one fault, as a faulty writer or an attacker with the site key would: edit
/// manifest.json as JSON, keep the rest consistent with it (SHA256SUMS, the volume's entry, index.json when asked), and
/// sign it again with the site key and the trusted comment it implies.
/// </summary>
internal sealed class VolumeEdit
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ConformanceKeys _keys;

    private VolumeEdit(string directory, ConformanceKeys keys, JsonObject manifest, int number)
    {
        Directory = directory;
        _keys = keys;
        Manifest = manifest;
        Number = number;
    }

    public string Directory { get; }

    /// <summary>manifest.json, parsed; edits take effect on <see cref="CommitAsync"/>.</summary>
    public JsonObject Manifest { get; }

    /// <summary>This volume's number in the batch.</summary>
    public int Number { get; }

    public JsonArray Files => Manifest["files"]!.AsArray();
    public JsonArray Blobs => Manifest["blobs"]!.AsArray();
    public JsonArray Artifacts => Manifest["artifacts"]!.AsArray();
    public JsonArray Volumes => Manifest["volumes"]!.AsArray();
    public JsonObject Volume => Volumes[Number - 1]!.AsObject();

    /// <summary>Copies <paramref name="source"/> (a valid volume) to <paramref name="destination"/> and opens the copy.</summary>
    public static VolumeEdit Copy(string source, string destination, ConformanceKeys keys)
    {
        CopyDirectory(source, destination);
        var manifest = JsonNode.Parse(File.ReadAllBytes(Path.Combine(destination, BatchFileNames.Manifest)))!.AsObject();
        var sums = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(destination, BatchFileNames.Sums))));
        var number = manifest["volumes"]!.AsArray().Single(v => (string)v!["sha256Sums"]! == sums)!["number"]!.GetValue<int>();
        return new VolumeEdit(destination, keys, manifest, number);
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>The files entry of this volume with <paramref name="path"/>.</summary>
    public JsonObject FileEntry(string path) =>
        Files.Select(f => f!.AsObject()).Single(f => (string)f["path"]! == path && (int)Long(f["volume"]) == Number);

    /// <summary>The blob entry of <paramref name="digest"/>.</summary>
    public JsonObject Blob(string digest) => Blobs.Select(b => b!.AsObject()).Single(b => (string)b["digest"]! == digest);

    /// <summary>The first artifact of <paramref name="kind"/>.</summary>
    public JsonObject Artifact(string kind) => Artifacts.Select(a => a!.AsObject()).First(a => (string)a["kind"]! == kind);

    /// <summary>The artifact named <paramref name="name"/>.</summary>
    public JsonObject ArtifactNamed(string name) => Artifacts.Select(a => a!.AsObject()).Single(a => (string)a["name"]! == name);

    /// <summary>The largest blob stored whole on this volume: its digest and path.</summary>
    public (string Digest, string Path) LargestWholeBlob()
    {
        var blob = Blobs.Select(b => b!.AsObject())
            .Where(b => b["path"] is not null && (int)Long(b["volume"]) == Number)
            .MaxBy(b => Long(b["size"]))!;
        return ((string)blob["digest"]!, (string)blob["path"]!);
    }

    /// <summary>Sets a files entry's size and sha256 from the file on the volume.</summary>
    public void Refresh(string path)
    {
        var bytes = File.ReadAllBytes(PathOf(path));
        var entry = FileEntry(path);
        entry["size"] = bytes.Length;
        entry["sha256"] = Sha256Hex(bytes);
    }

    /// <summary>Adds a files entry for a file already on the volume.</summary>
    public void AddFileEntry(string path)
    {
        var bytes = File.ReadAllBytes(PathOf(path));
        Files.Add(new JsonObject { ["volume"] = Number, ["path"] = path, ["size"] = bytes.Length, ["sha256"] = Sha256Hex(bytes) });
    }

    /// <summary>Writes index.json as LAY-2 says from the manifest as edited, and refreshes its files entry.</summary>
    public void RebuildIndex()
    {
        File.WriteAllBytes(PathOf(BatchFileNames.OciIndex), LayoutIndexJson.Build(Manifest, Number));
        Refresh(BatchFileNames.OciIndex);
    }

    /// <summary>
    /// Writes SHA256SUMS from the manifest's files entries of this volume (unless <paramref name="rewriteSums"/> is false),
    /// sets the volume entry (sha256Sums, fileCount, bytes), writes manifest.json and signs it.
    /// </summary>
    public async Task CommitAsync(bool rewriteSums = true, bool updateVolume = true, string? trustedComment = null,
        string key = ConformanceKeys.SiteA, CancellationToken ct = default)
    {
        if (rewriteSums)
        {
            var lines = OwnFiles()
                .DistinctBy(f => (string)f["path"]!)
                .OrderBy(f => (string)f["path"]!, StringComparer.Ordinal)
                .Select(f => $"{(string)f["sha256"]!}  {(string)f["path"]!}\n");
            await File.WriteAllTextAsync(PathOf(BatchFileNames.Sums), string.Concat(lines), ct);
        }

        if (updateVolume)
        {
            Volume["sha256Sums"] = Sha256Hex(await File.ReadAllBytesAsync(PathOf(BatchFileNames.Sums), ct));
            Volume["fileCount"] = OwnFiles().Count();
            Volume["bytes"] = OwnFiles().Sum(f => Long(f["size"]));
        }

        await WriteManifestAsync(Encoding.UTF8.GetBytes(Manifest.ToJsonString(Indented)), trustedComment, key, ct);
    }

    /// <summary>Replaces manifest.json with <paramref name="bytes"/> as they are and signs them.</summary>
    public async Task WriteManifestAsync(byte[] bytes, string? trustedComment = null, string key = ConformanceKeys.SiteA,
        CancellationToken ct = default)
    {
        await File.WriteAllBytesAsync(PathOf(BatchFileNames.Manifest), bytes, ct);
        var signature = _keys[key].SignPrehashed(
            Blake2bHash.Compute(bytes, 64), trustedComment ?? TrustedComment(), "signature from the conformance set's site key");
        await File.WriteAllTextAsync(PathOf(BatchFileNames.Signature), signature.ToFileText(), ct);
    }

    /// <summary>The trusted comment the manifest as edited implies (its values as written, whatever their JSON type).</summary>
    public string TrustedComment() =>
        $"transferpipeline-batch batch:{Text(Manifest["batchId"])} site:{Text(Manifest["siteId"])} sequence:{Text(Manifest["sequence"])}";

    /// <summary>A JSON number as a long, whether parsed or set from an int.</summary>
    public static long Long(JsonNode? node) => long.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private IEnumerable<JsonObject> OwnFiles() =>
        Files.Select(f => f!.AsObject()).Where(f => f["volume"] is JsonValue v && v.TryGetValue<int>(out var n) && n == Number);

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static void CopyDirectory(string source, string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var directory in System.IO.Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            System.IO.Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
        }
    }
}
