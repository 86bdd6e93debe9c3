using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// Digests and blob paths held as hashes (issue 18): every value reads back as the text it was given, records compare as
/// their texts do, copies keep what they do not change, and a parsed manifest holds far less than its strings would.
/// </summary>
[TestFixture]
internal sealed class ManifestHashNamesTests
{
    private static readonly string Hex = Hash("a");
    private static readonly string OtherHex = Hash("b");

    [Test]
    public void ManifestFile_BlobPathOfItsOwnHash_ReadsBackInEitherOrderOfInitialisation()
    {
        var pathFirst = new ManifestFile { Volume = 1, Path = "blobs/sha256/" + Hex, Size = 1, Sha256 = Hex };
        var hashFirst = new ManifestFile { Volume = 1, Sha256 = Hex, Size = 1, Path = "blobs/sha256/" + Hex };

        Assert.Multiple(() =>
        {
            Assert.That(pathFirst.Path, Is.EqualTo("blobs/sha256/" + Hex));
            Assert.That(hashFirst.Path, Is.EqualTo("blobs/sha256/" + Hex));
            Assert.That(pathFirst, Is.EqualTo(hashFirst));
            Assert.That(pathFirst.GetHashCode(), Is.EqualTo(hashFirst.GetHashCode()));
        });
    }

    [TestCase("blobs/sha256/{other}", TestName = "ManifestFile_PathNamingAnotherHash_HeldAsGiven")]
    [TestCase("BLOBS/sha256/{hex}", TestName = "ManifestFile_PathInAnotherCase_HeldAsGiven")]
    [TestCase("blobs/sha256/{hex}/x", TestName = "ManifestFile_PathLongerThanABlobPath_HeldAsGiven")]
    [TestCase("index.json", TestName = "ManifestFile_LayoutFile_HeldAsGiven")]
    public void ManifestFile_OtherPaths_HeldAsGiven(string template)
    {
        var path = template.Replace("{hex}", Hex, StringComparison.Ordinal).Replace("{other}", OtherHex, StringComparison.Ordinal);

        var file = new ManifestFile { Volume = 1, Path = path, Size = 1, Sha256 = Hex };

        Assert.That(file.Path, Is.EqualTo(path));
        Assert.That(file, Is.Not.EqualTo(new ManifestFile { Volume = 1, Path = "blobs/sha256/" + Hex, Size = 1, Sha256 = Hex }));
    }

    [Test]
    public void ManifestFile_CopiedWithAnotherHash_KeepsItsPath()
    {
        var file = new ManifestFile { Volume = 1, Path = "blobs/sha256/" + Hex, Size = 1, Sha256 = Hex };

        var rehashed = file with { Sha256 = OtherHex };
        var renamed = file with { Path = "blobs/sha256/" + OtherHex };

        Assert.Multiple(() =>
        {
            Assert.That(rehashed.Path, Is.EqualTo("blobs/sha256/" + Hex));
            Assert.That(rehashed.Sha256.ToString(), Is.EqualTo(OtherHex));
            Assert.That(renamed.Path, Is.EqualTo("blobs/sha256/" + OtherHex));
            Assert.That(renamed.Sha256.ToString(), Is.EqualTo(Hex));
            Assert.That(file.Path, Is.EqualTo("blobs/sha256/" + Hex));
        });
    }

    [Test]
    public void ManifestBlob_DigestAndItsOwnPath_ReadBackAndCopiesKeepWhatTheyDoNotChange()
    {
        var blob = new ManifestBlob { Digest = "sha256:" + Hex, Size = 1, Shipped = true, Volume = 1, Path = "blobs/sha256/" + Hex };
        var pathFirst = new ManifestBlob { Path = "blobs/sha256/" + Hex, Size = 1, Shipped = true, Volume = 1, Digest = "sha256:" + Hex };

        var redigested = blob with { Digest = "sha256:" + OtherHex };

        Assert.Multiple(() =>
        {
            Assert.That(blob.Digest, Is.EqualTo("sha256:" + Hex));
            Assert.That(blob.Path, Is.EqualTo("blobs/sha256/" + Hex));
            Assert.That(pathFirst, Is.EqualTo(blob));
            Assert.That(redigested.Digest, Is.EqualTo("sha256:" + OtherHex));
            Assert.That(redigested.Path, Is.EqualTo("blobs/sha256/" + Hex));
        });
    }

    [TestCase("sha256:{HEX}", TestName = "ManifestBlob_UppercaseDigest_HeldAsGiven")]
    [TestCase("sha512:{hex}", TestName = "ManifestBlob_OtherAlgorithm_HeldAsGiven")]
    [TestCase("{hex}", TestName = "ManifestBlob_DigestWithoutAlgorithm_HeldAsGiven")]
    [TestCase("sha256:{hex}0", TestName = "ManifestBlob_DigestTooLong_HeldAsGiven")]
    public void ManifestBlob_OtherDigests_HeldAsGiven(string template)
    {
        var digest = template.Replace("{HEX}", Hex.ToUpperInvariant(), StringComparison.Ordinal).Replace("{hex}", Hex, StringComparison.Ordinal);

        var blob = new ManifestBlob { Digest = digest, Size = 1, Shipped = true, Volume = 1, Path = "blobs/sha256/" + Hex };

        Assert.That(blob.Digest, Is.EqualTo(digest));
        Assert.That(blob.Path, Is.EqualTo("blobs/sha256/" + Hex));
    }

    [Test]
    public void ManifestDigestList_MixedEntries_ReadBackInOrder()
    {
        string[] digests = ["sha256:" + Hex, "sha256:" + Hex.ToUpperInvariant(), "", "sha256:" + OtherHex, "sha256:" + Hex];

        var list = new ManifestDigestList(digests);

        Assert.That(list, Is.EqualTo(digests));
        Assert.That(list[3], Is.EqualTo("sha256:" + OtherHex));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = list[5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = list[-1]);
    }

    [Test]
    public void Parse_ArtifactDigests_ReadBackAsWrittenWhetherHeldAsHashesOrText()
    {
        var third = Hash("c");
        string[] digests = ["sha256:" + Hex, "sha256:" + Hex.ToUpperInvariant(), "", "sha256:" + third, "sha256:" + OtherHex + "0", "sha256:" + Hex];
        var written = ManyBlobManifest.Of(1);
        written = written with { Artifacts = [written.Artifacts[0] with { Blobs = new ManifestDigestList(digests) }] };
        // The fourth digest escaped as JSON allows: the same text, read back as such.
        var json = Encoding.UTF8.GetString(ManifestReader.Serialize(written))
            .Replace("\"sha256:" + third + "\"", "\"\\u0073ha256:" + third + "\"", StringComparison.Ordinal);
        Assert.That(json, Does.Contain("\\u0073ha256:"));

        var parsed = ManifestReader.Parse(Encoding.UTF8.GetBytes(json));

        Assert.That(parsed.Artifacts[0].Blobs, Is.EqualTo(digests));
    }

    [TestCase("sha256:{hex}", true)]
    [TestCase("sha256:{HEX}", false)]
    [TestCase("sha256:{hex}0", false)]
    [TestCase("sha256{hex}0", false)]
    [TestCase("sha512:{hex}", false)]
    [TestCase("", false)]
    [TestCase("blobs/sha256/{hex}", false)]
    public void TryParse_Utf8_AgreesWithTheCharacters(string template, bool expected)
    {
        var text = template.Replace("{hex}", Hex, StringComparison.Ordinal).Replace("{HEX}", Hex.ToUpperInvariant(), StringComparison.Ordinal);

        var fromBytes = HashNames.TryParse(Encoding.UTF8.GetBytes(text), HashNames.DigestPrefix, out var byteHash);
        var fromChars = HashNames.TryParse(text.AsSpan(), HashNames.DigestPrefix, out var charHash);

        Assert.That((fromBytes, fromChars), Is.EqualTo((expected, expected)));
        Assert.That(byteHash, Is.EqualTo(charHash));
    }

    // Neither the strings a parse used to keep (a digest of 71 characters and a path of 77, about 340 bytes a blob) nor the
    // blob and file records are kept in memory: what a blob of a parsed manifest retains is measured, with a full collection
    // before and after.
    [Test]
    public async Task ParseAsync_ManyBlobs_RetainsFarLessThanTheirDigestAndPathStrings()
    {
        const int count = 20_000;
        var json = ManifestReader.Serialize(ManyBlobManifest.Of(count));
        using var stream = new MemoryStream(json);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var manifest = await ManifestReader.ParseAsync(stream, CancellationToken.None);
        var retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        GC.KeepAlive(manifest);
        await TestContext.Out.WriteLineAsync($"{retained:F0} bytes retained a blob");

        Assert.That(manifest.Blobs.Last().Path, Is.EqualTo(manifest.Files.Last().Path));
        Assert.That(manifest.Artifacts[0].Blobs[count - 1], Is.EqualTo(manifest.Blobs.Last().Digest));
        Assert.That(ManifestReader.Serialize(manifest), Is.EqualTo(json));
        // 14 bytes measured, the parse's fixed costs spread over the blobs. The blobs, files and the artifact's digests are
        // on disk; with the digests in memory a blob retained 40 bytes, held as records 265 (a file 80, a blob 104, the
        // lists' slots), and 603 with the paths held as strings.
        Assert.That(retained, Is.LessThan(24), $"{retained:F0} bytes retained a blob");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
