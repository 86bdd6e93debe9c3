using System.Globalization;
using TransferPipeline.Shared;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Bench;

/// <summary>Fills a content store with blobs of the requested shape and writes them as one batch volume.</summary>
internal static class VolumeGenerator
{
    /// <summary>
    /// Writes the volume; with <c>verify</c>, then verifies it as `lowside batch cut` does: with the site's own key, comparing
    /// the payload with the hashes read back while it was written, once the writer's inputs are no longer held.
    /// </summary>
    public static async Task<int> RunAsync(
        DataShape shape, string size, int fileCount, int artifactCount, string output, int recoveryPercent, bool verify,
        CancellationToken cancellationToken)
    {
        if (!ByteSize.TryParse(size, out var totalBytes))
        {
            await Console.Error.WriteLineAsync($"error: '{size}' is not a size");
            return 2;
        }

        using var key = MinisignSecretKey.Generate();
        using var result = await WriteAsync(shape, totalBytes, fileCount, artifactCount, output, recoveryPercent, key, cancellationToken);
        Console.WriteLine(result.VolumeDirectories[0]);
        if (!verify)
        {
            return 0;
        }

        await BatchWriter.CollectWriterHeapAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var verdict = VolumeVerifier.Verify(result.VolumeDirectories[0], [new TrustedSigningKey(key.PublicKey, "bench")], new BatchVerificationOptions
        {
            Now = DateTimeOffset.UtcNow,
            Parallelism = Math.Min(Environment.ProcessorCount, 2),
            ReadBack = result.ReadBack,
        }, cancellationToken);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"tp-bench: verified as the cut does in {watch.Elapsed.TotalSeconds:0.00} s: {verdict.Message}"));
        return verdict.IsValid ? 0 : 1;
    }

    // A method of its own, as in the cut, so that the generated blobs and the request are unreachable once the volume is written.
    private static async Task<BatchWriteResult> WriteAsync(
        DataShape shape, long totalBytes, int fileCount, int artifactCount, string output, int recoveryPercent, MinisignSecretKey key,
        CancellationToken cancellationToken)
    {
        var store = new ContentStore(Path.Combine(output, "store"));
        var artifacts = await GenerateArtifactsAsync(store, shape, totalBytes, fileCount, artifactCount, cancellationToken);

        await File.WriteAllTextAsync(Path.Combine(output, "bench.pub"), key.PublicKey.ToFileText(), cancellationToken);
        var request = new BatchWriteRequest
        {
            BatchId = "bench-000001",
            SiteId = "bench",
            Sequence = 1,
            Validity = TimeSpan.FromDays(7),
            Artifacts = artifacts,
            VolumeCapacity = 1L << 42,
            RecoveryPercent = recoveryPercent,
        };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await new BatchWriter(store, TimeProvider.System).WriteAsync(request, key, Path.Combine(output, "media"), null, cancellationToken);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"tp-bench: wrote {result.PayloadBytes} bytes in {artifacts.Sum(a => a.Blobs.Count)} blobs in {watch.Elapsed.TotalSeconds:0.00} s"));
        return result;
    }

    // Many small blobs are grouped into artifacts (like layers of an image) to stay within the manifest's artifact limit:
    // 100 blobs each unless a number of artifacts is asked for, which holds the plan and the approvals' size while the files
    // vary. Each artifact's blobs are handed over as they are generated: while the volume is written this process holds the
    // request, each blob as BatchArtifactInput keeps it, and no list of all of them, which the cut never holds either.
    private static async Task<List<BatchArtifactInput>> GenerateArtifactsAsync(
        ContentStore store, DataShape shape, long totalBytes, int fileCount, int artifactCount, CancellationToken cancellationToken)
    {
        var sizes = DataSizes.Of(shape, totalBytes, fileCount).ToArray();
        var perArtifact = artifactCount > 0 ? (int)Math.Ceiling(sizes.Length / (double)artifactCount) : 100;
        var artifacts = new List<BatchArtifactInput>();
        var group = new List<BlobInput>(perArtifact);
        for (var i = 0; i < sizes.Length; i++)
        {
            await using (var source = new PseudoRandomStream(sizes[i], seed: i + 1))
            {
                var blob = await store.PutAsync(source, null, null, null, cancellationToken);
                group.Add(new BlobInput(blob.Digest, blob.Size));
            }

            if (group.Count == perArtifact || i == sizes.Length - 1)
            {
                // BatchArtifactInput copies the blobs into its own form, so the list is reused for the next artifact.
                artifacts.Add(Artifact(artifacts.Count, group));
                group.Clear();
            }
        }

        return artifacts;
    }

    private static BatchArtifactInput Artifact(int index, List<BlobInput> blobs) => new()
    {
        Kind = ArtifactKinds.File,
        Source = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1/bench/set{index}"),
        Digest = blobs[0].Digest,
        Name = string.Create(CultureInfo.InvariantCulture, $"set{index}"),
        Requester = "bench",
        RequestId = string.Create(CultureInfo.InvariantCulture, $"bench-{index}"),
        Justification = "benchmark",
        Blobs = blobs,
    };
}
