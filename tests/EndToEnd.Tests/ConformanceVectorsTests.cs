using System.Collections.Concurrent;
using System.Text.Json;
using TransferPipeline.Conformance;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// The batch-format conformance set (tools/Conformance), written afresh and run through `highside verify --json` as an
/// outside implementer would run their verifier: every vector's verdict and reason code must be the one index.json gives.
/// </summary>
[TestFixture]
internal sealed class ConformanceVectorsTests
{
    private readonly ConcurrentDictionary<string, (bool? Valid, string? Reason, string Output)> _verdicts = new(StringComparer.Ordinal);
    private TempDirectory _temp = null!;
    private string _root = "";
    private ConformanceIndex _index = null!;
    private BatchManifestSchema _schema = null!;

    public static IEnumerable<string> VectorIds => ConformanceSet.VectorIds;

    [OneTimeSetUp]
    public async Task WriteAndVerifyEveryVectorAsync()
    {
        _temp = new TempDirectory("conformance");
        _root = _temp.Combine("vectors");
        _index = await ConformanceSet.WriteAsync(_root, CancellationToken.None);
        _schema = BatchManifestSchema.Load();
        // One run of the verifier per set of trust inputs, as an operator checks all volumes of a batch at once.
        var groups = _index.Vectors.GroupBy(v => string.Join(' ', [.. v.Trust.Keys, "site:" + v.Trust.Site])).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (group, _) =>
            await VerifyAsync([.. group]));
    }

    [OneTimeTearDown]
    public void TearDown() => _temp.Dispose();

    [TestCaseSource(nameof(VectorIds))]
    public void HighsideVerify_Vector_GivesTheIndexedVerdictAndReason(string id)
    {
        var vector = _index.Vectors.Single(v => v.Id == id);
        var (valid, reason, output) = _verdicts[id];

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.EqualTo(vector.Expect == "valid"), () => $"{vector.Description}\n{output}");
            Assert.That(reason, Is.EqualTo(vector.Reason), () => $"{vector.Description}\n{output}");
        });
    }

    [TestCaseSource(nameof(VectorIds))]
    public void Schema_VectorsManifest_GivesTheIndexedSchemaVerdict(string id)
    {
        var vector = _index.Vectors.Single(v => v.Id == id);
        var manifest = Path.Combine(_root, vector.Volume, "manifest.json");
        // A VOL vector's manifest.json is missing, a link, a FIFO or a sparse giant: no verifier reads it, and opening a
        // FIFO would block. Its schema verdict is "valid": there is no manifest for a schema to refuse.
        var readable = !vector.Rule.StartsWith("VOL-", StringComparison.Ordinal) && File.Exists(manifest);

        var (valid, errors) = readable ? Evaluate(manifest) : (true, "no manifest.json a verifier would read");

        Assert.That(valid ? "valid" : "invalid", Is.EqualTo(vector.ManifestSchema), () => $"{vector.Description}\n{errors}");
    }

    [Test]
    public void Index_InvalidVectors_CoverEveryRuleOfTheSpecificationButTheHighSidesOwn()
    {
        var specified = SpecifiedRuleIds().Except(ConformanceSet.RulesWithoutVectors).ToList();
        var covered = _index.Vectors.Where(v => v.Expect == "invalid").Select(v => v.Rule).ToHashSet(StringComparer.Ordinal);

        Assert.That(specified, Has.Count.GreaterThan(60), "rule ids read from docs/batch-format.md");
        Assert.That(specified.Except(covered), Is.Empty, "rules of the specification without an invalid vector");
        Assert.That(covered.Except(specified), Is.Empty, "vectors naming a rule the specification does not have");
    }

    [Test]
    public void Index_EveryVector_HasAUniqueIdAnExistingVolumeAndItsKeys()
    {
        Assert.That(_index.Vectors.Select(v => v.Id), Is.Unique);
        Assert.That(_index.Vectors.Select(v => v.Id), Is.EqualTo(ConformanceSet.VectorIds));
        foreach (var vector in _index.Vectors)
        {
            Assert.That(new FileInfo(Path.Combine(_root, vector.Volume)).Exists || Directory.Exists(Path.Combine(_root, vector.Volume))
                || new FileInfo(Path.Combine(_root, vector.Volume)).LinkTarget is not null, Is.True, vector.Id);
            Assert.That(vector.Trust.Keys.Select(k => Path.Combine(_root, k)), Has.All.Matches<string>(File.Exists), vector.Id);
            Assert.That((vector.Expect, vector.Reason is null), Is.EqualTo(("valid", true)).Or.EqualTo(("invalid", false)), vector.Id);
        }
    }

    private async Task VerifyAsync(IReadOnlyList<ConformanceVector> vectors)
    {
        var trust = vectors[0].Trust;
        List<string> arguments = ["verify", .. vectors.Select(v => Path.Combine(_root, v.Volume)), "--json"];
        foreach (var key in trust.Keys)
        {
            arguments.AddRange(["--trust", Path.Combine(_root, key)]);
        }

        if (trust.Site is not null)
        {
            arguments.AddRange(["--site", trust.Site]);
        }

        var result = await ProductExecutable.HighSide().RunAsync([.. arguments]);
        try
        {
            using var json = JsonDocument.Parse(result.StandardOutput);
            var verdicts = json.RootElement.ValueKind == JsonValueKind.Array ? [.. json.RootElement.EnumerateArray()] : new[] { json.RootElement };
            for (var i = 0; i < vectors.Count; i++)
            {
                var verdict = verdicts[i];
                var reason = verdict.GetProperty("reason");
                _verdicts[vectors[i].Id] = (verdict.GetProperty("valid").GetBoolean(),
                    reason.ValueKind == JsonValueKind.Null ? null : reason.GetString(), verdict.GetProperty("message").GetString() ?? "");
            }
        }
        catch (Exception ex) when (ex is JsonException or IndexOutOfRangeException or KeyNotFoundException)
        {
            foreach (var vector in vectors)
            {
                _verdicts[vector.Id] = (null, null, result.ToString());
            }
        }
    }

    private (bool Valid, string Errors) Evaluate(string manifestPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            return _schema.Evaluate(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Invalid UTF-8 inside a string surfaces only when the value is read.
            return (false, "not JSON: " + ex.Message);
        }
    }

    // Every rule id the specification defines: a list item of docs/batch-format.md that starts "- **MAN-6**".
    private static IEnumerable<string> SpecifiedRuleIds()
    {
        var specification = File.ReadAllText(RepositoryFiles.Find("docs/batch-format.md"));
        return System.Text.RegularExpressions.Regex.Matches(
                specification, @"^\s*- \*\*([A-Z]+-[0-9]+)\*\*", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);
    }
}
