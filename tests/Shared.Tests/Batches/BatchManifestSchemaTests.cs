using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.Oci.Cosign;
using TransferPipeline.Shared.Tests.Support;
using ManifestReader = TransferPipeline.Shared.Batches.ManifestReader;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// docs/batch-manifest.schema.json: a valid draft 2020-12 schema that a manifest written by <see cref="BatchWriter"/>
/// satisfies, and that reaches the product's own verdict (<see cref="ManifestReader"/> then
/// <see cref="ManifestRules"/>) on every single edit of a field-level rule, so the two cannot drift apart.
/// </summary>
[TestFixture]
internal sealed class BatchManifestSchemaTests
{
    private static readonly EvaluationOptions Options = BatchManifestSchema.Options;

    private string _schemaText = null!;
    private JsonSchema _schema = null!;
    private string _written = null!;

    [OneTimeSetUp]
    public async Task WriteBatchAndLoadSchemaAsync()
    {
        var schema = BatchManifestSchema.Load();
        (_schemaText, _schema) = (schema.Text, schema.Schema);
        using var scenario = new BatchScenario();
        _written = await WriteEveryShapeAsync(scenario);
    }

    [Test]
    public void Schema_AgainstTheDraft202012MetaSchema_IsValid()
    {
        using var schema = JsonDocument.Parse(_schemaText);

        var result = MetaSchemas.Draft202012.Evaluate(schema.RootElement, Options);

        Assert.That(result.IsValid, Is.True, Errors(result));
        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo(MetaSchemas.Draft202012Id.OriginalString));
    }

    [Test]
    public void Evaluate_ManifestTheWriterWrote_ValidForSchemaAndProduct()
    {
        var manifest = JsonNode.Parse(_written)!.AsObject();

        Assert.That(ManifestNodes.ChunkedBlob(manifest)["chunks"]!.AsArray(), Has.Count.GreaterThan(1));
        Assert.That(ManifestNodes.UnshippedBlob(manifest)["size"]!.GetValue<long>(), Is.Positive);
        Assert.That(ManifestNodes.Attachment(manifest)["kind"]!.GetValue<string>(), Is.EqualTo(AttachmentKinds.Signature));
        AssertVerdicts(_written, expected: true);
    }

    private static IEnumerable<TestCaseData> Mutations() =>
        ManifestMutations.All.Concat(StructureMutations.All).Select(m => new TestCaseData(m).SetArgDisplayNames(m.ToString()));

    [TestCaseSource(nameof(Mutations))]
    public void Evaluate_OneFieldEdited_SchemaAndProductReachTheRulesVerdict(ManifestMutation mutation)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        var manifest = JsonNode.Parse(_written)!.AsObject();

        mutation.Edit(manifest);

        Assert.That(manifest.ToJsonString() != JsonNode.Parse(_written)!.ToJsonString(), Is.True, "the edit changed nothing");
        AssertVerdicts(manifest.ToJsonString(), mutation.Valid);
    }

    private void AssertVerdicts(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);
        var schema = _schema.Evaluate(document.RootElement, Options);
        Assert.That(schema.IsValid, Is.EqualTo(expected), $"schema: {Errors(schema)}");
        var (product, why) = ProductVerdict(json);
        Assert.That(product, Is.EqualTo(expected), $"product: {why}");
    }

    private static (bool Valid, string Why) ProductVerdict(string json)
    {
        try
        {
            var manifest = ManifestReader.Parse(Encoding.UTF8.GetBytes(json));
            var problem = ManifestRules.FindFirstProblem(manifest, BatchLimits.Default);
            return (problem is null, problem?.Message ?? "");
        }
        catch (JsonException ex)
        {
            return (false, ex.Message);
        }
    }

    private static string Errors(EvaluationResults result) => BatchManifestSchema.Errors(result);

    /// <summary>An image with a signature attachment and a blob not shipped, a chunked file, a chart and scanner data.</summary>
    private static async Task<string> WriteEveryShapeAsync(BatchScenario scenario)
    {
        var image = await SampleArtifacts.AddImageAsync(scenario.Store, "library/app", "1.0", 1000, seed: 1);
        var signature = new ManifestAttachment
        {
            Kind = AttachmentKinds.Signature,
            Tag = CosignNames.Tag(Digest.Parse(image.Digest), CosignNames.SignatureSuffix),
            Digest = image.Blobs[1].Digest,
            MediaType = OciMediaTypes.ImageManifest,
        };
        var file = await SampleArtifacts.AddFileAsync(scenario.Store, "firmware.bin", 200_000, seed: 2);
        var chart = await SampleArtifacts.AddFileAsync(scenario.Store, "app-1.2.3.tgz", 5_000, seed: 3) with
        {
            Kind = ArtifactKinds.Chart,
            Source = "https://charts.example/stable",
            Name = "app",
            Version = "1.2.3",
            Ticket = "CHG-42",
        };
        var clamav = await SampleArtifacts.AddFileAsync(scenario.Store, "main.cvd", 3_000, seed: 4) with
        {
            Kind = ArtifactKinds.ScannerData,
            Source = "https://database.clamav.net/main.cvd",
            Name = "clamav",
        };
        var present = new HashSet<string> { image.Blobs[2].Digest };

        var result = await scenario.WriteAsync(
            [image with { Attachments = [signature] }, file, chart, clamav], chunkSize: 64 * 1024, present: present);

        return await File.ReadAllTextAsync(Path.Combine(result.VolumeDirectories.Single(), BatchFileNames.Manifest));
    }
}
