using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// Publishing reads only the artifacts of a verified manifest, streamed (issue 18): the same artifacts as the whole parse,
/// wherever they stand in the document and however the stream is cut, each as strictly parsed.
/// </summary>
[TestFixture]
internal sealed class ManifestArtifactsReaderTests
{
    private BatchScenario _scenario = null!;
    private byte[] _json = null!;

    [OneTimeSetUp]
    public async Task WriteBatchAsync()
    {
        _scenario = new BatchScenario();
        var image = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/app", "1.0", 50_000, seed: 1);
        var other = await SampleArtifacts.AddImageAsync(_scenario.Store, "library/db", "2.1", 40_000, seed: 3);
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "patch.bin", 30_000, seed: 2);
        var volume = (await _scenario.WriteAsync([image, file, other])).VolumeDirectories.Single();
        _json = await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest));
    }

    [OneTimeTearDown]
    public void RemoveBatch() => _scenario.Dispose();

    [Test]
    public async Task Read_SignedManifest_SameArtifactsAsTheWholeParse()
    {
        var artifacts = await ReadAsync(new MemoryStream(_json));

        Assert.That(artifacts, Has.Count.EqualTo(3));
        Assert.That(Spelled(artifacts), Is.EqualTo(Spelled(ManifestReader.Parse(_json).Artifacts)));
    }

    [Test]
    public async Task Read_OneToSevenBytesAtATime_SameArtifacts()
    {
        var artifacts = await ReadAsync(new TrickleStream(_json));

        Assert.That(Spelled(artifacts), Is.EqualTo(Spelled(ManifestReader.Parse(_json).Artifacts)));
    }

    [Test]
    public async Task Read_ArtifactsAfterTheFileListAndLongerThanTheBuffer_SameArtifacts()
    {
        var node = JsonNode.Parse(_json)!.AsObject();
        var listed = node["artifacts"]!;
        listed[1]!["justification"] = new string('j', 200_000);
        node.Remove("artifacts");
        node["artifacts"] = listed;
        var moved = Encoding.UTF8.GetBytes(node.ToJsonString());

        var artifacts = await ReadAsync(new TrickleStream(moved, largest: 50_000));

        Assert.That(Spelled(artifacts), Is.EqualTo(Spelled(ManifestReader.Parse(moved).Artifacts)));
        Assert.That(artifacts[1].Justification, Has.Length.EqualTo(200_000));
    }

    [Test]
    public void Read_ArtifactWithAPropertyTheSchemaDoesNotHave_Refused()
    {
        var node = JsonNode.Parse(_json)!;
        node["artifacts"]![0]!["publishTo"] = "elsewhere";

        Assert.ThrowsAsync<JsonException>(() => ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()))));
    }

    [TestCase(null, TestName = "Read_NullArtifact_Refused")]
    [TestCase("[1]", TestName = "Read_ArtifactThatIsANumber_Refused")]
    [TestCase("{}", TestName = "Read_ArtifactsNotAList_Refused")]
    [TestCase("absent", TestName = "Read_NoArtifacts_Refused")]
    public void Read_NotAListOfArtifacts_Refused(string? artifacts)
    {
        var node = JsonNode.Parse(_json)!.AsObject();
        if (artifacts == "absent")
        {
            node.Remove("artifacts");
        }
        else
        {
            node["artifacts"] = artifacts is null ? new JsonArray(node["artifacts"]![0]!.DeepClone(), null) : JsonNode.Parse(artifacts);
        }

        Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()))));
    }

    private Task<IReadOnlyList<ManifestArtifact>> ReadAsync(Stream json) => ManifestArtifactsReader.ReadAsync(json, _scenario.Root, CancellationToken.None);

    private static List<string> Spelled(IEnumerable<ManifestArtifact> artifacts) =>
        artifacts.Select(a => JsonSerializer.Serialize(a, BatchJsonContext.Default.ManifestArtifact)).ToList();
}
