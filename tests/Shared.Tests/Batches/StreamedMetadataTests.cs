using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The writer streams manifest.json and SHA256SUMS to the media in blocks instead of building them in
/// memory: the files must still be exactly what the format prescribes, across block boundaries, on
/// every volume of a batch with many files, chunks, an image and a blob left on the high side.
/// </summary>
[TestFixture]
internal sealed class StreamedMetadataTests
{
    private const int BlockSize = 64 * 1024;

    private BatchScenario _scenario = null!;
    private BatchWriteResult _result = null!;

    [OneTimeSetUp]
    public async Task WriteBatchAsync()
    {
        _scenario = new BatchScenario();
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 5_000, seed: 1);
        var large = await SampleArtifacts.AddFileAsync(_scenario.Store, "large.iso", 2_500_000, seed: 2);
        var present = await SampleArtifacts.AddFileAsync(_scenario.Store, "present.bin", 1_000, seed: 3);
        var small = new List<BlobInput>();
        for (var i = 0; i < 700; i++)
        {
            var blob = await _scenario.Store.PutAsync(new MemoryStream(Encoding.ASCII.GetBytes($"small file {i}")), null, null, null, CancellationToken.None);
            small.Add(new BlobInput(blob.Digest, blob.Size));
        }

        var many = new BatchArtifactInput
        {
            Kind = ArtifactKinds.File,
            Source = "http://127.0.0.1/files/many",
            Digest = small[0].Digest,
            Name = "many",
            Requester = "bob",
            RequestId = "many-files",
            Justification = "many small files",
            Blobs = small,
        };
        _result = await _scenario.WriteAsync([image, many, large, present], capacity: 3 << 20, chunkSize: 1_000_000,
            present: new HashSet<string> { present.Digest });
    }

    [OneTimeTearDown]
    public void TearDown() => _scenario.Dispose();

    [Test]
    public void Manifest_OnEveryVolume_IsTheSerializersBytesExactly()
    {
        var written = File.ReadAllBytes(Path.Combine(_result.VolumeDirectories[0], BatchFileNames.Manifest));

        Assert.That(_result.VolumeDirectories, Has.Count.GreaterThan(1));
        Assert.That(written, Has.Length.GreaterThan(BlockSize), "the manifest must span several blocks");
        Assert.That(written, Is.EqualTo(ManifestReader.Serialize(ManifestReader.Parse(written))));
        Assert.That(_result.ManifestSha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(written))));
        foreach (var volume in _result.VolumeDirectories.Skip(1))
        {
            Assert.That(File.ReadAllBytes(Path.Combine(volume, BatchFileNames.Manifest)), Is.EqualTo(written), volume);
        }
    }

    [Test]
    public void Manifest_DescribesChunksUnshippedBlobsAndTheImage()
    {
        var manifest = _result.Manifest;

        Assert.That(manifest.Blobs.Count(b => b.Chunks is { Count: > 1 }), Is.EqualTo(1));
        Assert.That(manifest.Blobs.Count(b => !b.Shipped), Is.EqualTo(1));
        Assert.That(manifest.Files.Count(f => f.Path == BatchFileNames.OciIndex), Is.EqualTo(_result.VolumeDirectories.Count));
        Assert.That(manifest.Artifacts.Single(a => a.Kind == ArtifactKinds.Image).LayoutTag, Is.EqualTo("library_app_1.0"));
    }

    [Test]
    public void Sha256Sums_OfEachVolume_ListsItsFilesInPathOrderAndMatchesTheManifest()
    {
        var manifest = _result.Manifest;
        var largest = 0L;
        foreach (var volume in manifest.Volumes)
        {
            var path = Path.Combine(_result.VolumeDirectories[volume.Number - 1], BatchFileNames.Sums);
            var expected = string.Concat(manifest.Files.Where(f => f.Volume == volume.Number)
                .OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => $"{f.Sha256}  {f.Path}\n"));

            Assert.That(File.ReadAllText(path, Encoding.ASCII), Is.EqualTo(expected), path);
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), Is.EqualTo(volume.Sha256Sums), path);
            largest = Math.Max(largest, new FileInfo(path).Length);
        }

        Assert.That(largest, Is.GreaterThan(BlockSize), "one SHA256SUMS must span several blocks");
    }

    [Test]
    public async Task EveryVolume_Verifies()
    {
        foreach (var volume in _result.VolumeDirectories)
        {
            var verification = await _scenario.VerifyAsync(volume);
            Assert.That(verification.IsValid, Is.True, $"{volume}: {verification.Message}");
        }
    }
}
