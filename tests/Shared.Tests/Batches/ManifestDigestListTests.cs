using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// The artifacts' digest lists of a parsed manifest are kept on disk (issue 18): each list reads back, by position and in
/// order, exactly as written, texts that are not digests included, from several threads; the directory holds nothing, and
/// the artifacts-only reader keeps them there too.
/// </summary>
[TestFixture]
internal sealed class ManifestDigestListTests
{
    [Test]
    public void Parse_EveryListReadsAsWritten()
    {
        using var directory = new TempDirectory("digests");
        var written = WithArtifacts(ManyBlobManifest.Of(3000));
        var json = ManifestReader.Serialize(written);

        var parsed = ManifestReader.Parse(json, directory.Path);

        var expected = Lists(written.Artifacts);
        Assert.That(expected.Sum(l => l.Count), Is.GreaterThan(6000));
        Assert.That(Lists(parsed.Artifacts), Is.EqualTo(expected), "enumerated");
        Assert.That(parsed.Artifacts.Select(a => Enumerable.Range(0, a.Blobs.Count).Select(i => a.Blobs[i]).ToList()), Is.EqualTo(expected), "by position");
        Assert.That(ManifestReader.Serialize(parsed), Is.EqualTo(json));
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    [Test]
    public void Parse_ManyThreadsReadTheSameLists()
    {
        using var directory = new TempDirectory("digests");
        var json = ManifestReader.Serialize(WithArtifacts(ManyBlobManifest.Of(6000)));
        var parsed = ManifestReader.Parse(json, directory.Path);
        var expected = Lists(parsed.Artifacts);

        var reads = Enumerable.Range(0, 4).Select(t => Task.Run(() => t % 2 == 0
            ? Lists(parsed.Artifacts)
            : parsed.Artifacts.Select(a => Enumerable.Range(0, a.Blobs.Count).Select(i => a.Blobs[i]).ToList()).ToList())).ToArray();
        Task.WaitAll(reads);

        Assert.That(reads.Select(r => r.Result), Has.All.EqualTo(expected));
    }

    [Test]
    public async Task ReadArtifacts_KeptOnDiskAndReadAsWritten()
    {
        using var directory = new TempDirectory("digests");
        var written = WithArtifacts(ManyBlobManifest.Of(2000));
        var json = ManifestReader.Serialize(written);

        var read = await ManifestArtifactsReader.ReadAsync(new MemoryStream(json), directory.Path, CancellationToken.None);

        Assert.That(Lists(read), Is.EqualTo(Lists(written.Artifacts)));
        Assert.That(read[1].Blobs[^1], Is.EqualTo(written.Artifacts[1].Blobs[^1]));
        Assert.That(Directory.EnumerateFileSystemEntries(directory.Path), Is.Empty);
    }

    [Test]
    public void ReadAt_BeforeCompleteOrBeyondWhatWasWritten_Refused()
    {
        using var directory = new TempDirectory("digests");
        using var file = new SequentialRecordFile(directory.Path);
        file.Write(new byte[64]);

        Assert.Throws<InvalidOperationException>(() => file.ReadAt(0, new byte[32]));
        file.Complete();
        file.ReadAt(32, new byte[32]);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadAt(33, new byte[32]));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadAt(-1, new byte[1]));
    }

    // The many-blob manifest's one artifact, and more: lists of a hundred digests, an empty list, and lists holding texts
    // that are not digests (uppercase, another algorithm, empty, not ASCII) among digests.
    private static BatchManifest WithArtifacts(BatchManifest manifest)
    {
        var digests = manifest.Artifacts[0].Blobs.ToList();
        var artifacts = new List<ManifestArtifact> { manifest.Artifacts[0] };
        artifacts.AddRange(digests.Chunk(100).Select((group, i) => Artifact(i, [.. group])));
        artifacts.Add(Artifact(-1, []));
        artifacts.Add(Artifact(-2, [digests[0], digests[1].ToUpperInvariant(), "sha512:" + Hex("x"), "", digests[2], "caf\u00e9 \ud83d\ude00", digests[3]]));
        return new BatchManifest
        {
            FormatVersion = manifest.FormatVersion,
            BatchId = manifest.BatchId,
            SiteId = manifest.SiteId,
            Sequence = manifest.Sequence,
            CreatedUtc = manifest.CreatedUtc,
            ExpiresUtc = manifest.ExpiresUtc,
            KeyId = manifest.KeyId,
            ChunkSize = manifest.ChunkSize,
            Volumes = manifest.Volumes,
            Artifacts = artifacts,
            Blobs = manifest.Blobs,
            Files = manifest.Files,
        };
    }

    private static ManifestArtifact Artifact(int i, IReadOnlyList<string> blobs) => new()
    {
        Kind = "file",
        Source = "s",
        Digest = blobs.Count > 0 ? blobs[0] : "sha256:" + Hex("empty"),
        Name = "n" + i.ToString(CultureInfo.InvariantCulture),
        Requester = "r",
        RequestId = "q",
        Justification = "j",
        Blobs = blobs,
    };

    private static List<List<string>> Lists(IEnumerable<ManifestArtifact> artifacts) => [.. artifacts.Select(a => a.Blobs.ToList())];

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
