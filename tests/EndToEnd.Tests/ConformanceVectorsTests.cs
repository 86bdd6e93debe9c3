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
    // The rule list of batch format v1 (issue 15); SIG-4, CON-3 and HIGH are the high side's alone.
    private static readonly string[] RuleIds =
    [
        "VOL-1", "VOL-2", "VOL-3", "VOL-4", "VOL-5",
        "SIG-1", "SIG-2", "SIG-3", "SIG-4", "SIG-5", "SIG-6",
        "MAN-1", "MAN-2", "MAN-3", "MAN-4", "MAN-5", "MAN-6", "MAN-7", "MAN-8", "MAN-9", "MAN-10", "MAN-11",
        "ART-1", "ART-2", "ART-3", "ART-4", "ART-5", "ART-6", "ART-7", "ART-8", "ART-9", "ART-10", "ART-11", "ART-12", "ART-13",
        "STR-1", "STR-2", "STR-3", "STR-4", "STR-5", "STR-6", "STR-7", "STR-8", "STR-9", "STR-10",
        "STR-11", "STR-12", "STR-13", "STR-14", "STR-15", "STR-16", "STR-17", "STR-18", "STR-19", "STR-20",
        "BIND-1", "BIND-2", "BIND-3", "BIND-4", "VID-1", "VID-2", "SUMS-1", "SUMS-2",
        "INV-1", "INV-2", "INV-3", "INV-4", "INV-5", "INV-6", "CON-1", "CON-2", "CON-3", "LAY-1", "LAY-2", "HIGH",
    ];

    private readonly ConcurrentDictionary<string, (bool? Valid, string? Reason, string Output)> _verdicts = new(StringComparer.Ordinal);
    private TempDirectory _temp = null!;
    private string _root = "";
    private ConformanceIndex _index = null!;

    public static IEnumerable<string> VectorIds => ConformanceSet.VectorIds;

    [OneTimeSetUp]
    public async Task WriteAndVerifyEveryVectorAsync()
    {
        _temp = new TempDirectory("conformance");
        _root = _temp.Combine("vectors");
        _index = await ConformanceSet.WriteAsync(_root, CancellationToken.None);
        // Two at a time: each verify is its own process, and the machine has two cores.
        await Parallel.ForEachAsync(_index.Vectors, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (vector, _) =>
            _verdicts[vector.Id] = await VerifyAsync(vector));
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

    [Test]
    public void Index_InvalidVectors_CoverEveryRuleButTheHighSidesOwn()
    {
        var covered = _index.Vectors.Where(v => v.Expect == "invalid").Select(v => v.Rule).ToHashSet(StringComparer.Ordinal);

        Assert.That(RuleIds.Except(ConformanceSet.HighSideOnlyRules), Is.SubsetOf(covered));
        Assert.That(covered, Is.SubsetOf(RuleIds.Except(ConformanceSet.HighSideOnlyRules)));
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

    private async Task<(bool? Valid, string? Reason, string Output)> VerifyAsync(ConformanceVector vector)
    {
        List<string> arguments = ["verify", Path.Combine(_root, vector.Volume), "--json"];
        foreach (var key in vector.Trust.Keys)
        {
            arguments.AddRange(["--trust", Path.Combine(_root, key)]);
        }

        if (vector.Trust.Site is not null)
        {
            arguments.AddRange(["--site", vector.Trust.Site]);
        }

        var result = await ProductExecutable.HighSide().RunAsync([.. arguments]);
        try
        {
            using var json = JsonDocument.Parse(result.StandardOutput);
            var reason = json.RootElement.GetProperty("reason");
            return (json.RootElement.GetProperty("valid").GetBoolean(), reason.ValueKind == JsonValueKind.Null ? null : reason.GetString(),
                result.ToString());
        }
        catch (JsonException)
        {
            return (null, null, result.ToString());
        }
    }
}
