using System.Security.Cryptography;
using System.Text.Json;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>A volume must be checkable with stock tools alone: minisign, sha256sum and skopeo.</summary>
[TestFixture]
internal sealed class BatchToolCompatibilityTests
{
    private BatchScenario _scenario = null!;
    private string _volume = null!;

    [SetUp]
    public async Task SetUp()
    {
        _scenario = new BatchScenario();
        _volume = await _scenario.WriteSimpleVolumeAsync();
    }

    [TearDown]
    public void TearDown() => _scenario.Dispose();

    [Test]
    public async Task Minisign_VerifiesManifestSignature_AndShowsTrustedComment()
    {
        var publicKey = Path.Combine(_scenario.Root, "lowside.pub");
        await File.WriteAllTextAsync(publicKey, _scenario.Key.PublicKey.ToFileText());

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("minisign"), ["-V", "-p", publicKey, "-m", "manifest.json"], _volume);

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("Trusted comment: transferpipeline-batch batch:site-a-000001 site:site-a sequence:1"));
    }

    [Test]
    public async Task Minisign_RejectsEditedManifest()
    {
        var publicKey = Path.Combine(_scenario.Root, "lowside.pub");
        await File.WriteAllTextAsync(publicKey, _scenario.Key.PublicKey.ToFileText());
        await File.AppendAllTextAsync(Path.Combine(_volume, BatchFileNames.Manifest), " ");

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("minisign"), ["-V", "-p", publicKey, "-m", "manifest.json"], _volume);

        Assert.That(result.ExitCode, Is.Not.Zero);
    }

    [Test]
    public async Task Sha256sum_ChecksEveryPayloadFile()
    {
        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("sha256sum"), ["--strict", "-c", BatchFileNames.Sums], _volume);

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        var manifest = (await _scenario.VerifyAsync(_volume)).Manifest!;
        Assert.That(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(manifest.Files.Count));
    }

    [Test]
    public async Task Sha256sum_OfSumsFile_IsInSignedManifest()
    {
        var sums = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(_volume, BatchFileNames.Sums))));
        var manifest = (await _scenario.VerifyAsync(_volume)).Manifest!;

        Assert.That(manifest.Volumes[0].Sha256Sums, Is.EqualTo(sums));
    }

    [Test]
    public async Task Skopeo_InspectsImageFromVolumeLayout()
    {
        var manifest = (await _scenario.VerifyAsync(_volume)).Manifest!;
        var image = manifest.Artifacts.Single(a => a.Kind == ArtifactKinds.Image);

        var raw = await ProcessRunner.RunAsync(ProcessRunner.Require("skopeo"), ["inspect", "--raw", $"oci:{_volume}:{image.LayoutTag}"]);
        var inspect = await ProcessRunner.RunAsync(ProcessRunner.Require("skopeo"), ["inspect", $"oci:{_volume}:{image.LayoutTag}"]);

        Assert.That(raw.ExitCode, Is.Zero, raw.Combined);
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw.StandardOutput))), Is.EqualTo(image.Digest));
        Assert.That(inspect.ExitCode, Is.Zero, inspect.Combined);
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.That(json.RootElement.GetProperty("Layers").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Skopeo_CopiesImageOutOfVolume()
    {
        var manifest = (await _scenario.VerifyAsync(_volume)).Manifest!;
        var image = manifest.Artifacts.Single(a => a.Kind == ArtifactKinds.Image);
        var target = Path.Combine(_scenario.Root, "copy");

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("skopeo"),
            ["copy", $"oci:{_volume}:{image.LayoutTag}", $"oci:{target}:copied"]);

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(File.Exists(Path.Combine(target, "blobs", "sha256", BatchFileNames.DigestHex(image.Digest))), Is.True);
    }
}
