using System.Text;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>
/// The import sizes a batch from its media's manifest read as a stream (issue 18): the same needs as the parsed manifest
/// gives, whatever the reads' sizes and however long a token, and no needs at all from what is not a manifest.
/// </summary>
public sealed class ManifestSpaceScanTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private BatchScenario _scenario = null!;
    private byte[] _manifest = null!;

    [OneTimeSetUp]
    public async Task WriteBatchAsync()
    {
        // Three files of 6 MiB in 2 MiB chunks on volumes of 8 MiB: blobs are cut by volume boundaries and joined.
        _scenario = new BatchScenario();
        var files = new List<BatchArtifactInput>();
        for (var i = 0; i < 3; i++)
        {
            files.Add(await SampleArtifacts.AddFileAsync(_scenario.Store, $"part{i}.bin", 6L * 1024 * 1024, seed: 80 + i));
        }

        var written = await _scenario.WriteAsync(files, capacity: 8L * 1024 * 1024, chunkSize: 2L * 1024 * 1024);
        _manifest = await File.ReadAllBytesAsync(Path.Combine(written.VolumeDirectories[0], BatchFileNames.Manifest));
    }

    [OneTimeTearDown]
    public void RemoveBatch() => _scenario.Dispose();

    [Test]
    public async Task Scan_BatchWithBlobsChunkedOverVolumes_SameNeedsAsTheParsedManifest()
    {
        var parsed = BatchSpaceNeeds.Of(ManifestReader.Parse(_manifest));

        var scanned = await ScanAsync(new MemoryStream(_manifest));

        Assert.That(parsed.Volumes, Has.Count.GreaterThan(1));
        Assert.That(parsed.Joined, Is.Not.Empty, "the batch joins blobs from chunks on several volumes");
        Assert.That(parsed.Joined.Select(b => b.Hash), Has.None.Null);
        AssertSame(scanned, parsed);
    }

    [Test]
    public async Task Scan_ReadOneToSevenBytesAtATime_SameNeeds()
    {
        var parsed = BatchSpaceNeeds.Of(ManifestReader.Parse(_manifest));

        var scanned = await ScanAsync(new TrickleStream(_manifest));

        AssertSame(scanned, parsed);
    }

    [Test]
    public async Task Scan_StringLongerThanTheFirstBuffer_SameNeeds()
    {
        var node = JsonNode.Parse(_manifest)!;
        node["artifacts"]![0]!["justification"] = new string('j', 300_000);
        var longer = Encoding.UTF8.GetBytes(node.ToJsonString());

        var scanned = await ScanAsync(new TrickleStream(longer, largest: 70_000));

        AssertSame(scanned, BatchSpaceNeeds.Of(ManifestReader.Parse(longer)));
    }

    [Test]
    public async Task Scan_UnknownPropertiesAndOddDigests_PassedOverAndJoinedBlobsFound()
    {
        var json = $$$"""
            {"x": {"volumes": [{"number": "not this one"}]}, "batchId": "site-a-000007",
             "volumes": [{"number": 1, "bytes": 5, "fileCount": 2, "extra": [{"volume": "q"}]}, {"number": 2, "bytes": 7, "fileCount": 1}],
             "blobs": [
               {"digest": "sha256:{{{Hex}}}", "size": 9, "shipped": true, "chunks": [{"volume": 1, "x": {"volume": "q"}}, {"volume": 2}]},
               {"digest": "md5:abc", "size": 4, "shipped": true, "chunks": [{"volume": 1}, {"volume": 3}]},
               {"digest": "sha256:{{{Hex}}}", "size": 7, "shipped": false, "chunks": [{"volume": 1}, {"volume": 2}]},
               {"digest": "sha256:{{{Hex}}}", "size": 6, "shipped": true, "chunks": [{"volume": 2}, {"volume": 2}]},
               {"digest": "sha256:{{{Hex}}}", "size": 3, "shipped": true, "chunks": null}
             ]}
            """;

        var scanned = await ScanAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.That(scanned, Is.Not.Null);
        Assert.That(scanned!.BatchId, Is.EqualTo("site-a-000007"));
        Assert.That(scanned.Volumes, Is.EqualTo(new[] { new BatchSpaceNeeds.VolumeShare(1, 5, 2), new BatchSpaceNeeds.VolumeShare(2, 7, 1) }));
        Assert.That(scanned.Joined.Select(b => (b.Hash?.ToString(), b.Size)), Is.EqualTo(new[] { (Hex, 9L), (null, 4L) }));
    }

    [TestCase("truncated", TestName = "Scan_TruncatedManifest_NoNeeds")]
    [TestCase("""[{"batchId": "a"}]""", TestName = "Scan_TopLevelArray_NoNeeds")]
    [TestCase("""{"batchId": "a", "volumes": [null], "blobs": []}""", TestName = "Scan_NullVolume_NoNeeds")]
    [TestCase("""{"batchId": "a", "volumes": [], "blobs": [{"digest": "d", "size": "12", "shipped": true}]}""",
        TestName = "Scan_SizeAsText_NoNeeds")]
    [TestCase("""{"batchId": "a", "volumes": [{"number": 1, "bytes": 5}], "blobs": []}""", TestName = "Scan_VolumeWithoutFileCount_NoNeeds")]
    [TestCase("""{"batchId": "a", "volumes": []}""", TestName = "Scan_NoBlobs_NoNeeds")]
    [TestCase("""{"batchId": "a", "volumes": [], "blobs": [{"digest": "d", "size": 1, "shipped": true, "chunks": [{"volume": 2.5}]}]}""",
        TestName = "Scan_ChunkVolumeNotAnInteger_NoNeeds")]
    [TestCase("""{"batchId": "a", "volumes": [], "blobs": []} {}""", TestName = "Scan_TrailingValue_NoNeeds")]
    public async Task Scan_NotAManifest_NoNeeds(string json)
    {
        var bytes = json == "truncated" ? _manifest[..(_manifest.Length / 2)] : Encoding.UTF8.GetBytes(json);

        Assert.That(await ScanAsync(new MemoryStream(bytes)), Is.Null);
    }

    private static Task<BatchSpaceNeeds?> ScanAsync(Stream stream) => ManifestSpaceScan.ReadAsync(stream, CancellationToken.None);

    private static void AssertSame(BatchSpaceNeeds? scanned, BatchSpaceNeeds parsed)
    {
        Assert.That(scanned, Is.Not.Null);
        Assert.That(scanned!.BatchId, Is.EqualTo(parsed.BatchId));
        Assert.That(scanned.Volumes, Is.EqualTo(parsed.Volumes));
        Assert.That(scanned.Joined, Is.EqualTo(parsed.Joined));
    }
}
