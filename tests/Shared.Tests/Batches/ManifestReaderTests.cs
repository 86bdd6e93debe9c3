using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>Streaming parse: the same values as the plain parse, written back to the same bytes.</summary>
[TestFixture]
internal sealed class ManifestReaderTests
{
    private BatchScenario _scenario = null!;
    private byte[] _json = null!;

    [SetUp]
    public async Task SetUp()
    {
        _scenario = new BatchScenario();
        var volume = await _scenario.WriteSimpleVolumeAsync();
        _json = await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest));
    }

    [TearDown]
    public void TearDown() => _scenario.Dispose();

    [Test]
    public async Task ParseAsync_SignedManifest_SerializesBackToTheSameBytes()
    {
        using var stream = new MemoryStream(_json);

        var manifest = await ManifestReader.ParseAsync(stream, CancellationToken.None);

        Assert.That(ManifestReader.Serialize(manifest), Is.EqualTo(_json));
    }

    [Test]
    public async Task ParseAsync_DigestsAndPaths_ReadBackAlikeWhereverTheyAreListed()
    {
        using var stream = new MemoryStream(_json);

        var manifest = await ManifestReader.ParseAsync(stream, CancellationToken.None);

        var blob = manifest.Blobs.First(b => b.Path is not null);
        Assert.That(manifest.Files.Count(f => f.Path == blob.Path), Is.EqualTo(1));
        Assert.That(manifest.Artifacts.SelectMany(a => a.Blobs), Does.Contain(blob.Digest));
        Assert.That(blob.Path, Is.EqualTo(BatchFileNames.BlobPath(blob.Digest)));
    }

    [Test]
    public async Task ParseAsync_EscapedAndRawNonAsciiText_ReadExactly()
    {
        var escaped = Encoding.UTF8.GetString(_json).Replace("\"justification\": \"", "\"justification\": \"caf\\u00e9 \\\"q\\\" ", StringComparison.Ordinal);
        var raw = escaped.Replace("\"requester\": \"", "\"requester\": \"Zoë ", StringComparison.Ordinal);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));

        var manifest = await ManifestReader.ParseAsync(stream, CancellationToken.None);

        Assert.That(manifest.Artifacts[0].Justification, Does.StartWith("café \"q\" "));
        Assert.That(manifest.Artifacts[0].Requester, Does.StartWith("Zoë "));
    }

    [TestCase("uppercase")]
    [TestCase("escaped")]
    [TestCase("short")]
    public async Task ParseAsync_FileSha256NotLowercaseHex_KeptAsWrittenAndWrittenBack(string form)
    {
        var text = Encoding.UTF8.GetString(_json);
        var at = text.IndexOf("\"sha256\": \"", text.IndexOf("\"files\"", StringComparison.Ordinal), StringComparison.Ordinal) + "\"sha256\": \"".Length;
        var hex = text.Substring(at, 64);
        var (written, read) = form switch
        {
            "uppercase" => (hex.ToUpperInvariant(), hex.ToUpperInvariant()),
            "escaped" => ("\\u00" + Convert.ToHexString([(byte)hex[0]]) + hex[1..], hex),
            _ => (hex[..63], hex[..63]),
        };
        var json = Encoding.UTF8.GetBytes(text[..at] + written + text[(at + 64)..]);
        using var stream = new MemoryStream(json);

        var manifest = await ManifestReader.ParseAsync(stream, CancellationToken.None);

        var file = manifest.Files.Single(f => f.Sha256.TextEquals(read));
        Assert.That(file.Sha256.IsHex, Is.EqualTo(form == "escaped"));
        Assert.That(file.Sha256.ToString(), Is.EqualTo(read));
        Assert.That(Encoding.UTF8.GetString(ManifestReader.Serialize(manifest)), Does.Contain($"\"sha256\": \"{read}\""));
    }

    [Test]
    public void ParseAsync_InvalidUtf8InAString_JsonException()
    {
        var text = Encoding.UTF8.GetString(_json);
        var at = text.IndexOf("\"requester\": \"", StringComparison.Ordinal) + "\"requester\": \"".Length;
        var bytes = Encoding.UTF8.GetBytes(text[..at]).Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(text[at..])).ToArray();
        using var stream = new MemoryStream(bytes);

        Assert.ThrowsAsync<JsonException>(async () => await ManifestReader.ParseAsync(stream, CancellationToken.None));
    }

    [Test]
    public void ParseAsync_UnknownProperty_JsonException()
    {
        var text = Encoding.UTF8.GetString(_json).Replace("\"formatVersion\": 1,", "\"formatVersion\": 1, \"extra\": 1,", StringComparison.Ordinal);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        Assert.ThrowsAsync<JsonException>(async () => await ManifestReader.ParseAsync(stream, CancellationToken.None));
    }
}
