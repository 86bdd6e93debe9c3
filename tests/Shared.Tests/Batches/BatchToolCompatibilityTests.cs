using System.Security.Cryptography;
using System.Text.Json;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>A volume must be checkable with stock tools alone: minisign, sha256sum and skopeo.</summary>
[TestFixture]
internal sealed class BatchToolCompatibilityTests : SimpleVolumeTests
{
    [Test]
    public async Task Minisign_VerifiesManifestSignature_AndShowsTrustedComment()
    {
        var result = await MinisignVerifyAsync();

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("Trusted comment: transferpipeline-batch batch:site-a-000001 site:site-a sequence:1"));
    }

    [Test]
    public async Task Minisign_RejectsEditedManifest()
    {
        await File.AppendAllTextAsync(Path.Combine(Volume, BatchFileNames.Manifest), " ");

        var result = await MinisignVerifyAsync();

        Assert.That(result.ExitCode, Is.Not.Zero);
    }

    [Test]
    public async Task Sha256sum_ChecksEveryPayloadFile()
    {
        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("sha256sum"), ["--strict", "-c", BatchFileNames.Sums], Volume);

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        var manifest = (await Scenario.VerifyAsync(Volume)).Manifest!;
        Assert.That(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(manifest.Files.Count));
    }

    [Test]
    public async Task Sha256sum_OfSumsFile_IsInSignedManifest()
    {
        var sums = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Volume, BatchFileNames.Sums))));
        var manifest = (await Scenario.VerifyAsync(Volume)).Manifest!;

        Assert.That(manifest.Volumes[0].Sha256Sums, Is.EqualTo(sums));
    }

    [Test]
    public async Task Skopeo_InspectsImageFromVolumeLayout()
    {
        var manifest = (await Scenario.VerifyAsync(Volume)).Manifest!;
        var image = manifest.Artifacts.Single(a => a.Kind == ArtifactKinds.Image);

        var raw = await ProcessRunner.RunAsync(ProcessRunner.Require("skopeo"), ["inspect", "--raw", $"oci:{Volume}:{image.LayoutTag}"]);
        var inspect = await ProcessRunner.RunAsync(ProcessRunner.Require("skopeo"), ["inspect", $"oci:{Volume}:{image.LayoutTag}"]);

        Assert.That(raw.ExitCode, Is.Zero, raw.Combined);
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw.StandardOutput))), Is.EqualTo(image.Digest));
        Assert.That(inspect.ExitCode, Is.Zero, inspect.Combined);
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.That(json.RootElement.GetProperty("Layers").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Skopeo_CopiesImageOutOfVolume()
    {
        var manifest = (await Scenario.VerifyAsync(Volume)).Manifest!;
        var image = manifest.Artifacts.Single(a => a.Kind == ArtifactKinds.Image);
        var target = Path.Combine(Scenario.Root, "copy");

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("skopeo"),
            ["copy", $"oci:{Volume}:{image.LayoutTag}", $"oci:{target}:copied"]);

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(File.Exists(Path.Combine(target, "blobs", "sha256", BatchFileNames.DigestHex(image.Digest))), Is.True);
    }

    /// <summary>The stock minisign checks the manifest signature with the site's public key, in the volume directory.</summary>
    private async Task<ProcessResult> MinisignVerifyAsync()
    {
        var publicKey = Path.Combine(Scenario.Root, "lowside.pub");
        await File.WriteAllTextAsync(publicKey, Scenario.Key.PublicKey.ToFileText());
        return await ProcessRunner.RunAsync(ProcessRunner.Require("minisign"), ["-V", "-p", publicKey, "-m", "manifest.json"], Volume);
    }
}
