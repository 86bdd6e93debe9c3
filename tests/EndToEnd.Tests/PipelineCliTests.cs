using System.Text.Json;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// The whole pipeline through the `lowside` and `highside` executables, as operators run them, against
/// real registries and a real web server: requests filed at the shell, gather, a multi-volume cut, import in reverse
/// order, the two-person rule, publishing with byte-identical manifests, an incremental batch after a
/// receipt, and the audit trail.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class PipelineCliTests : PipelineFixture
{
    [Test]
    [CancelAfter(240_000)]
    public async Task Pipeline_TwoBatchesThroughBothSides_PublishedByteIdenticalOnlyAfterTwoApprovals()
    {
        var source = Upstream.Source.Host;
        var mirror = Upstream.Mirror.Host;
        var app = await TestImages.PushMultiArchAsync(source, "demo/app", "1.0");
        var tools = await TestImages.PushImageAsync(source, "demo/tools", "1.0",
            [TestLayer.SharedBase, TestLayer.RandomBytes("usr/bin/tools", 3_000_000, seed: 7)]);
        var (fileUrl, fileSha) = await Upstream.PublishFileAsync("firmware-2.4.bin", 1_500_000, seed: 3);
        var chartRepository = await Upstream.PublishChartAsync("demo-chart", "0.3.0");
        var low = Sites.Low;
        var high = Sites.High;

        // The operator at the low side's shell files the requests (the requester is their OS user).
        await low.SucceedAsync("request", "add", "image", $"{source}/demo/app:1.0",
            "--justification", "ward monitors", "--ticket", "CHG-1");
        await low.SucceedAsync("request", "add", "image", $"{source}/demo/tools:1.0", "--justification", "diagnostics");
        await low.SucceedAsync("request", "add", "file", fileUrl, "--sha256", fileSha, "--justification", "pump firmware");
        await low.SucceedAsync("request", "add", "chart", chartRepository, "demo-chart", "--version", "0.3.0",
            "--justification", "monitoring");

        // Gather, then cut onto volumes small enough to force several.
        await low.SucceedAsync("gather");
        var media1 = Sites.Path("media1");
        await low.SucceedAsync("batch", "cut", "--media", media1, "--volume-size", "2MB");
        var volumes = Directory.GetDirectories(media1).Order(StringComparer.Ordinal).ToList();
        Assert.That(volumes, Has.Count.GreaterThanOrEqualTo(2), "the cut should need several volumes");

        // Import in reverse order: the batch waits for the missing volumes, then verifies.
        for (var i = volumes.Count - 1; i > 0; i--)
        {
            var partial = await high.SucceedAsync("import", volumes[i]);
            Assert.That(partial.StandardOutput, Does.Contain("assembling").And.Contain("waiting for volume"), partial.ToString());
        }

        var complete = await high.SucceedAsync("import", volumes[0]);
        Assert.That(complete.StandardOutput, Does.Contain("awaiting-approval"), complete.ToString());
        const string batch1 = "site-a-000001";

        // One approval publishes nothing.
        await high.SucceedAsync("approve", batch1, "--officer", "alice", "--key", Sites.OfficerKey("alice"));
        var early = await high.RunAsync("publish", batch1);
        Assert.That(early.ExitCode, Is.EqualTo(1), early.ToString());
        Assert.That(async () => await Skopeo.InspectRawAsync($"{mirror}/demo/app:1.0"), Throws.Exception);
        Assert.That(Directory.Exists(Sites.FileMirror) ? Directory.GetFiles(Sites.FileMirror) : [], Is.Empty);

        // The second officer's approval does.
        await high.SucceedAsync("approve", batch1, "--officer", "bob", "--key", Sites.OfficerKey("bob"));
        await high.SucceedAsync("publish", batch1);

        await AssertSameOnMirrorAsync($"demo/app:1.0", app.IndexBytes);
        foreach (var image in app.Images)
        {
            await AssertSameOnMirrorAsync($"demo/app@{image.ManifestDigest.Value}", image.ManifestBytes);
        }

        await AssertSameOnMirrorAsync("demo/tools:1.0", tools.ManifestBytes);
        var published = Path.Combine(Sites.FileMirror, "firmware-2.4.bin");
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(published))), Is.EqualTo(fileSha));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(Sites.ChartMirror, "index.yaml")), Does.Contain("demo-chart").And.Contain("0.3.0"));

        // Receipt back to the low side; the next version of the app ships only its new blobs.
        var receipt = Sites.Path("receipt.json");
        await high.SucceedAsync("receipt", "write", receipt);
        await low.SucceedAsync("trust", "add", "--key", Path.Combine(Sites.HighData, "keys", "highside.pub"));
        await low.SucceedAsync("receipt", "import", receipt);
        var app11 = await TestImages.PushMultiArchAsync(source, "demo/app", "1.1",
            [TestLayer.SharedBase, TestLayer.Textual("etc/arch", "amd64 1.1\n")],
            [TestLayer.SharedBase, TestLayer.Textual("etc/arch", "arm64 1.1\n")]);
        await low.SucceedAsync("request", "add", "image", $"{source}/demo/app:1.1", "--justification", "security update");
        await low.SucceedAsync("gather");
        var media2 = Sites.Path("media2");
        await low.SucceedAsync("batch", "cut", "--media", media2, "--volume-size", "100MB");

        var newBlobs = app11.Images.SelectMany(i => new[] { i.ManifestDigest.Hex, i.Config.Digest.Hex, i.Layers[^1].Digest.Hex })
            .Append(app11.IndexDigest.Hex).ToHashSet();
        var shipped = Directory.GetDirectories(media2).SelectMany(v => Directory.GetFiles(Path.Combine(v, "blobs", "sha256")))
            .Select(Path.GetFileName).ToHashSet();
        var sboms = SbomReferrerBlobs(media2);
        Assert.That(sboms, Is.Not.Empty, "each platform of app 1.1 travels with its SBOM referrer");
        Assert.That(shipped, Is.EquivalentTo(newBlobs.Union(sboms).Intersect(shipped)).And.SupersetOf(newBlobs),
            "batch 2 must carry exactly the new blobs and the SBOMs made for them");
        Assert.That(shipped, Does.Not.Contain(app11.Images[0].Layers[0].Digest.Hex), "the shared base layer was shipped again");

        await high.SucceedAsync("import", media2);
        await high.SucceedAsync("approve", "site-a-000002", "--officer", "alice", "--key", Sites.OfficerKey("alice"));
        await high.SucceedAsync("approve", "site-a-000002", "--officer", "bob", "--key", Sites.OfficerKey("bob"));
        await high.SucceedAsync("publish", "site-a-000002");
        await AssertSameOnMirrorAsync("demo/app:1.1", app11.IndexBytes);
        foreach (var image in app11.Images)
        {
            await AssertSameOnMirrorAsync($"demo/app@{image.ManifestDigest.Value}", image.ManifestBytes);
        }

        // The audit trail verifies, and no longer does once one entry is edited in the database.
        var audit = await high.SucceedAsync("audit", "verify");
        Assert.That(audit.StandardOutput, Does.StartWith("OK"));
        await EditAuditEntryAsync(Path.Combine(Sites.HighData, "highside.db"), sequence: 5);
        var tampered = await high.RunAsync("audit", "verify");
        Assert.That(tampered.ExitCode, Is.EqualTo(1), tampered.ToString());
        Assert.That(tampered.StandardError, Does.Contain("audit trail broken at entry 5 [HashMismatch]"));
    }

    private async Task AssertSameOnMirrorAsync(string reference, byte[] expected)
    {
        var onSource = await Skopeo.InspectRawAsync($"{Upstream.Source.Host}/{reference}");
        var onMirror = await Skopeo.InspectRawAsync($"{Upstream.Mirror.Host}/{reference}");
        Assert.That(onSource, Is.EqualTo(expected), $"{reference} on the source registry");
        Assert.That(onMirror, Is.EqualTo(expected), $"{reference} on the mirror is not byte-identical to the source");
    }

    private static async Task EditAuditEntryAsync(string database, int sequence)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET actor = 'mallory' WHERE sequence = $sequence;";
        command.Parameters.AddWithValue("$sequence", sequence);
        Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
    }

    // The blobs of the referrer attachments (the SBOMs the low side writes) a batch lists: each referrer manifest, its config
    // and its layers, read from the volume.
    private static HashSet<string> SbomReferrerBlobs(string media)
    {
        var volume = Directory.GetDirectories(media).Order(StringComparer.Ordinal).First();
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(volume, "manifest.json")));
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var artifact in manifest.RootElement.GetProperty("artifacts").EnumerateArray())
        {
            if (!artifact.TryGetProperty("attachments", out var attachments))
            {
                continue;
            }

            foreach (var attachment in attachments.EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "referrer"))
            {
                var hex = attachment.GetProperty("digest").GetString()!["sha256:".Length..];
                blobs.Add(hex);
                var path = Directory.GetDirectories(media).Select(v => Path.Combine(v, "blobs", "sha256", hex)).First(File.Exists);
                using var referrer = JsonDocument.Parse(File.ReadAllBytes(path));
                blobs.Add(referrer.RootElement.GetProperty("config").GetProperty("digest").GetString()!["sha256:".Length..]);
                foreach (var layer in referrer.RootElement.GetProperty("layers").EnumerateArray())
                {
                    blobs.Add(layer.GetProperty("digest").GetString()!["sha256:".Length..]);
                }
            }
        }

        return blobs;
    }
}
