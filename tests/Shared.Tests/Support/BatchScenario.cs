using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Crypto;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A content store with sample artifacts, a site key and a media folder: writes real batches and
/// offers the edits an attacker would make to a volume (re-signing with the real key where the test
/// must get past the signature check to reach a later rule).
/// </summary>
public sealed class BatchScenario : IDisposable
{
    private readonly TempDirectory _root = new("batch");

    public BatchScenario(string siteId = "site-a")
    {
        SiteId = siteId;
        Store = new ContentStore(_root.Combine("store"));
        Key = MinisignSecretKey.Generate();
        Clock = new FakeTimeProvider { UtcNow = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero) };
    }

    public string SiteId { get; }
    public ContentStore Store { get; }
    public MinisignSecretKey Key { get; }
    public FakeTimeProvider Clock { get; }
    public string MediaDirectory => _root.Combine("media");
    public string Root => _root.Path;

    public IReadOnlyList<TrustedSigningKey> TrustedKeys => [new TrustedSigningKey(Key.PublicKey, SiteId)];

    public BatchVerificationOptions VerificationOptions(BatchLimits? limits = null) =>
        new() { Now = Clock.GetUtcNow(), Limits = limits ?? BatchLimits.Default, Parallelism = 2 };

    public async Task<BatchWriteResult> WriteAsync(IReadOnlyList<BatchArtifactInput> artifacts, long capacity = 1L << 30,
        long chunkSize = BatchWriteRequest.DefaultChunkSize, long sequence = 1, IReadOnlySet<string>? present = null,
        string? mediaDirectory = null, BatchLimits? limits = null) =>
        await new BatchWriter(Store, Clock).WriteAsync(
            Request(artifacts, capacity, chunkSize, sequence, present, limits), Key, mediaDirectory ?? MediaDirectory, null, CancellationToken.None);

    public BatchWriteRequest Request(IReadOnlyList<BatchArtifactInput> artifacts, long capacity = 1L << 30,
        long chunkSize = BatchWriteRequest.DefaultChunkSize, long sequence = 1, IReadOnlySet<string>? present = null,
        BatchLimits? limits = null) =>
        new()
        {
            Limits = limits ?? BatchLimits.Default,
            BatchId = $"{SiteId}-{sequence:D6}",
            SiteId = SiteId,
            Sequence = sequence,
            Validity = TimeSpan.FromDays(14),
            Artifacts = artifacts,
            VolumeCapacity = capacity,
            ChunkSize = chunkSize,
            BlobsPresentOnHighSide = present ?? new HashSet<string>(),
        };

    /// <summary>A one-volume batch of <paramref name="artifacts"/> with this sequence, in a media folder of its own (media-SEQUENCE unless named).</summary>
    public async Task<string> WriteVolumeAsync(long sequence, IReadOnlyList<BatchArtifactInput> artifacts, string? media = null) =>
        (await WriteAsync(artifacts, sequence: sequence, mediaDirectory: _root.Combine(media ?? $"media-{sequence}"))).VolumeDirectories.Single();

    /// <summary>A one-volume batch with an image and a file.</summary>
    public async Task<string> WriteSimpleVolumeAsync()
    {
        var image = await SampleArtifacts.AddImageAsync(Store, "library/app", "1.0", 200_000, seed: 1);
        var file = await SampleArtifacts.AddFileAsync(Store, "patch.bin", 300_000, seed: 2);
        var result = await WriteAsync([image, file]);
        return result.VolumeDirectories.Single();
    }

    /// <summary>Flips one bit in the largest blob of <paramref name="volume"/>: the volume no longer verifies (hash-mismatch).</summary>
    public static async Task CorruptLargestBlobAsync(string volume)
    {
        var blob = Directory.EnumerateFiles(Path.Combine(volume, "blobs", "sha256")).OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[100] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);
    }

    public Task<BatchVerificationResult> VerifyAsync(string volume, BatchLimits? limits = null,
        IReadOnlyCollection<TrustedSigningKey>? trusted = null) =>
        VolumeVerifier.VerifyAsync(volume, trusted ?? TrustedKeys, VerificationOptions(limits));

    /// <summary>Edits manifest.json as JSON and signs it again with the site key and a matching trusted comment.</summary>
    public async Task ResignManifestAsync(string volume, Action<JsonObject> edit, string? trustedComment = null)
    {
        var path = Path.Combine(volume, BatchFileNames.Manifest);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        edit(json);
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        await File.WriteAllBytesAsync(path, bytes);
        var comment = trustedComment ?? BatchTrustedComment.For(
            (string)json["batchId"]!, (string)json["siteId"]!, (long)json["sequence"]!);
        await SignAsync(volume, bytes, comment);
    }

    /// <summary>
    /// Edits manifest.json, then writes SHA256SUMS of volume <paramref name="number"/> as the edited manifest implies and
    /// signs again: a consistent batch from a faulty writer, so the test reaches the rules after the SHA256SUMS check.
    /// </summary>
    public Task ResignWithSumsAsync(string volume, Action<JsonObject> edit, int number = 1) =>
        ResignManifestAsync(volume, manifest =>
        {
            edit(manifest);
            var lines = manifest["files"]!.AsArray()
                .Where(f => (int)f!["volume"]! == number)
                .OrderBy(f => (string)f!["path"]!, StringComparer.Ordinal)
                .Select(f => $"{(string)f!["sha256"]!}  {(string)f["path"]!}\n");
            WriteSums(volume, manifest, string.Concat(lines), number);
        });

    /// <summary>
    /// Writes a 2,000,000-byte file in two chunks on one volume, then swaps the chunks and their hashes and signs again: each
    /// chunk matches its entry, but joined in order they are not the blob (CON-2). Returns the volume.
    /// </summary>
    public async Task<string> WriteSwappedChunksAsync(string mediaDirectory)
    {
        var file = await SampleArtifacts.AddFileAsync(Store, "big.iso", 2_000_000, seed: 31);
        var volume = (await WriteAsync([file], chunkSize: 1_000_000, mediaDirectory: mediaDirectory)).VolumeDirectories.Single();
        var chunks = Directory.GetDirectories(Path.Combine(volume, "chunks")).Single();
        File.Move(Path.Combine(chunks, "0000"), Path.Combine(chunks, "swap"));
        File.Move(Path.Combine(chunks, "0001"), Path.Combine(chunks, "0000"));
        File.Move(Path.Combine(chunks, "swap"), Path.Combine(chunks, "0001"));
        await ResignWithSumsAsync(volume, manifest =>
        {
            var entries = manifest["files"]!.AsArray().Where(f => ((string)f!["path"]!).StartsWith("chunks/", StringComparison.Ordinal)).ToList();
            (entries[0]!["sha256"], entries[1]!["sha256"]) = ((string)entries[1]!["sha256"]!, (string)entries[0]!["sha256"]!);
            var pieces = manifest["blobs"]!.AsArray().Single(b => b!["chunks"] is not null)!["chunks"]!.AsArray();
            (pieces[0]!["sha256"], pieces[1]!["sha256"]) = ((string)pieces[1]!["sha256"]!, (string)pieces[0]!["sha256"]!);
        });
        return volume;
    }

    /// <summary>Edits the text of SHA256SUMS of volume <paramref name="number"/>, lists its new hash in the manifest and signs again.</summary>
    public async Task RewriteSumsAsync(string volume, Func<string, string> edit, int number = 1)
    {
        var text = edit(await File.ReadAllTextAsync(Path.Combine(volume, BatchFileNames.Sums)));
        await ResignManifestAsync(volume, manifest => WriteSums(volume, manifest, text, number));
    }

    private static void WriteSums(string volume, JsonObject manifest, string text, int number)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(Path.Combine(volume, BatchFileNames.Sums), bytes);
        manifest["volumes"]![number - 1]!["sha256Sums"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    public async Task SignAsync(string volume, byte[] manifestBytes, string trustedComment, MinisignSecretKey? key = null)
    {
        var signature = (key ?? Key).SignPrehashed(Blake2bHash.Compute(manifestBytes, 64), trustedComment, "test signature");
        await File.WriteAllTextAsync(Path.Combine(volume, BatchFileNames.Signature), signature.ToFileText());
    }

    public void Dispose()
    {
        Key.Dispose();
        _root.Dispose();
    }
}
