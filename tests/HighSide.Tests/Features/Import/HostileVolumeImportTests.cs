using TransferPipeline.Shared.Persistence;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>THREATS 1-8 through `import`: the verifier's reason code reaches the operator and the batch is refused, never published.</summary>
[OnBothProviders]
public sealed class HostileVolumeImportTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    [TestCase("appended-byte", "size-mismatch")]
    [TestCase("unlisted-file", "unexpected-file")]
    [TestCase("unlisted-dot-file", "unexpected-file")]
    [TestCase("unlisted-dot-file-among-blobs", "unexpected-file")]
    [TestCase("missing-file", "missing-file")]
    [TestCase("manifest-edited-old-signature", "signature-invalid")]
    [TestCase("comment-names-another-batch", "trusted-comment-mismatch")]
    [TestCase("legacy-signature", "legacy-signature")]
    [TestCase("manifest-of-another-batch", "hash-mismatch")]
    public async Task Import_HostileVolume_RefusedWithReason(string attack, string expected)
    {
        var volume = await Scenario.WriteSimpleVolumeAsync();
        await AttackAsync(attack, volume);

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.Refused), result.Message);
        Assert.That(result.ReasonCode, Is.EqualTo(expected), result.Message);
    }

    [Test]
    public async Task Import_ChunksThatMatchTheirHashesButDoNotJoinToTheBlob_RefusedAtAssemblyBlobDigestMismatch()
    {
        // CON-2 and HIGH-4: the volume verifies chunk by chunk; joining the chunks into the blob finds the lie.
        var volume = await Scenario.WriteSwappedChunksAsync(Path.Combine(Scenario.Root, "swapped"));

        var result = await HighSide.ImportAsync(volume);

        Assert.That(result.State, Is.EqualTo(BatchStates.Refused), result.Message);
        Assert.That(result.ReasonCode, Is.EqualTo(ImportReasons.BlobMismatch), result.Message);
    }

    private async Task AttackAsync(string attack, string volume)
    {
        var largest = Directory.EnumerateFiles(Path.Combine(volume, "blobs", "sha256")).OrderByDescending(f => new FileInfo(f).Length).First();
        switch (attack)
        {
            case "appended-byte":
                await File.AppendAllTextAsync(largest, "x");
                break;
            case "unlisted-file":
                await File.WriteAllTextAsync(Path.Combine(volume, "extra.bin"), "smuggled");
                break;
            case "unlisted-dot-file":
                // A name starting with '.' is hidden to .NET's default enumeration: the copy into quarantine must not skip it.
                await File.WriteAllTextAsync(Path.Combine(volume, ".smuggled"), "smuggled");
                break;
            case "unlisted-dot-file-among-blobs":
                await File.WriteAllTextAsync(Path.Combine(volume, "blobs", "sha256", ".smuggled"), "smuggled");
                break;
            case "missing-file":
                File.Delete(largest);
                break;
            case "manifest-edited-old-signature":
                var manifest = Path.Combine(volume, BatchFileNames.Manifest);
                var edited = (await File.ReadAllTextAsync(manifest))
                    .Replace("needed for tests", "needed for tesTs", StringComparison.Ordinal);
                await File.WriteAllTextAsync(manifest, edited);
                break;
            case "comment-names-another-batch":
                await Scenario.ResignManifestAsync(volume, _ => { }, BatchTrustedComment.For("site-a-000002", "site-a", 2));
                break;
            case "legacy-signature":
                await SignLegacyAsync(volume);
                break;
            case "manifest-of-another-batch":
                var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "other.bin", 1000, seed: 77);
                var other = (await Scenario.WriteAsync([file], sequence: 1, mediaDirectory: Path.Combine(Scenario.Root, "other"))).VolumeDirectories[0];
                File.Copy(Path.Combine(other, BatchFileNames.Manifest), Path.Combine(volume, BatchFileNames.Manifest), overwrite: true);
                File.Copy(Path.Combine(other, BatchFileNames.Signature), Path.Combine(volume, BatchFileNames.Signature), overwrite: true);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(attack), attack, null);
        }
    }

    // Stock minisign's legacy whole-file mode (-l), with the right key and comment.
    private async Task SignLegacyAsync(string volume)
    {
        ProcessRunner.Require("minisign");
        var keyFile = Path.Combine(Scenario.Root, "site.key");
        Scenario.Key.Save(keyFile, []);
        var manifest = ManifestReader.Parse(await File.ReadAllBytesAsync(Path.Combine(volume, BatchFileNames.Manifest)));
        File.Delete(Path.Combine(volume, BatchFileNames.Signature));
        var signed = await ProcessRunner.RunAsync("minisign",
            ["-S", "-l", "-s", keyFile, "-m", Path.Combine(volume, BatchFileNames.Manifest), "-t", BatchTrustedComment.For(manifest)], standardInput: "");
        Assert.That(signed.ExitCode, Is.Zero, signed.Combined);
    }
}
