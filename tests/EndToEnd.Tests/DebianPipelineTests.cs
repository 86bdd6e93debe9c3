using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// Debian packages with their dependencies through the `lowside` and `highside` executables: a requester names one package
/// of a signed upstream repository, the low side verifies its InRelease, resolves the closure (a versioned dependency, an
/// alternative, a virtual package), ships it, and after two officers approve, a host in the air gap runs plain apt-get
/// against the high side's signed apt mirror served by nginx and installs the package with everything it needs.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class DebianPipelineTests : PipelineFixture
{
    [Test]
    [CancelAfter(300_000)]
    public async Task DebRequest_PackageWithDependencies_InstalledWithAptGetFromTheHighSideMirror()
    {
        using var archiveKey = await TestOpenPgpKey.CreateAsync();
        await TestDebianRepository.CreateAsync(Upstream.DebianDirectory,
        [
            new TestDebianPackage("ward-monitor", "1.2-1", "amd64")
            {
                PreDepends = "ward-base",
                Depends = "libward (>= 1.1), ward-alerts | ward-alerts-legacy, mail-transport-agent",
                Content = "ward monitor 1.2",
            },
            new TestDebianPackage("libward", "1.0-1", "amd64") { Content = "libward 1.0" },
            new TestDebianPackage("libward", "1.1-2", "amd64") { Depends = "ward-base", Content = "libward 1.1" },
            new TestDebianPackage("ward-base", "3.0-1") { Depends = "libward" },
            new TestDebianPackage("ward-alerts-legacy", "0.9-1"),
            new TestDebianPackage("tiny-mta", "0.5-1", "amd64") { Provides = "mail-transport-agent" },
            new TestDebianPackage("unrelated", "9.9-1"),
        ], archiveKey, suite: "stable");
        await TrustArchiveKeyAsync(archiveKey);
        var low = Sites.Low;

        var id = (await low.SucceedAsync("request", "add", "deb", Upstream.DebianRepository, "ward-monitor", "--suite", "stable",
            "--justification", "ward monitoring agent")).StandardOutput.Trim();
        await low.SucceedAsync("gather");

        using (var shown = JsonDocument.Parse((await low.SucceedAsync("request", "show", id)).StandardOutput))
        {
            var packages = shown.RootElement.GetProperty("packages").GetProperty("packages").EnumerateArray().Select(p => p.GetString()).ToList();
            Assert.That(packages, Is.EquivalentTo(new[]
            {
                "ward-monitor 1.2-1 amd64", "libward 1.1-2 amd64", "ward-base 3.0-1 all", "ward-alerts-legacy 0.9-1 all", "tiny-mta 0.5-1 amd64",
            }), "the closure: the Pre-Depends, the newer libward (>= 1.1) with which it forms a cycle, the alternative that exists, "
                + "the provider of the virtual package");
        }

        await Sites.ShipFirstBatchAsync();

        await using var mirror = await NginxProcess.StartAsync(Sites.DebianMirror);
        var repositoryPath = new Uri(Upstream.DebianRepository).Authority.Replace(':', '_') + "/debian";
        using var host = AptClient.Create(
            $"deb [signed-by={Path.Combine(Sites.DebianMirror, "site-archive-keyring.asc")}] {mirror.BaseUri}{repositoryPath} stable main");
        var update = await host.UpdateAsync();
        Assert.That(update.ExitCode, Is.Zero, update.ToString());
        Assert.That(update.Combined, Does.Not.Contain("NO_PUBKEY").And.Not.Contain("not signed"), update.ToString());
        var install = await host.InstallAsync("ward-monitor");
        Assert.That(install.ExitCode, Is.Zero, install.ToString());

        Assert.That(await File.ReadAllTextAsync(Path.Combine(host.Root, "usr", "share", "doc", "ward-monitor", "hello.txt")),
            Is.EqualTo("ward monitor 1.2\n"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(host.Root, "usr", "share", "doc", "libward", "hello.txt")),
            Is.EqualTo("libward 1.1\n"));
        Assert.That(Directory.Exists(Path.Combine(host.Root, "usr", "share", "doc", "tiny-mta")), Is.True, install.ToString());
        Assert.That(Directory.Exists(Path.Combine(host.Root, "usr", "share", "doc", "unrelated")), Is.False, "only the closure is shipped");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task DebRequest_UnsatisfiableDependency_FailsNamingItAndShipsNothing()
    {
        using var archiveKey = await TestOpenPgpKey.CreateAsync();
        await TestDebianRepository.CreateAsync(Upstream.DebianDirectory,
        [
            new TestDebianPackage("ward-monitor", "1.2-1", "amd64") { Depends = "libward (>= 2.0)" },
            new TestDebianPackage("libward", "1.1-2", "amd64"),
        ], archiveKey, suite: "stable");
        await TrustArchiveKeyAsync(archiveKey);
        var low = Sites.Low;

        var id = (await low.SucceedAsync("request", "add", "deb", Upstream.DebianRepository, "ward-monitor", "--suite", "stable",
            "--justification", "ward monitoring agent")).StandardOutput.Trim();
        var gather = await low.RunAsync("gather");
        Assert.That(gather.ExitCode, Is.EqualTo(1), gather.ToString());

        using var shown = JsonDocument.Parse((await low.SucceedAsync("request", "show", id)).StandardOutput);
        var request = shown.RootElement.GetProperty("request");
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(request.GetProperty("failureCode").GetString(), Is.EqualTo("dependency-unsatisfiable"));
        Assert.That(request.GetProperty("failure").GetString(), Does.Contain("libward (>= 2.0)").And.Contain("ward-monitor"));
        var cut = await low.RunAsync("batch", "cut", "--media", Sites.Path("media"), "--volume-size", "100MB");
        Assert.That(cut.StandardError + cut.StandardOutput, Does.Contain("nothing"), cut.ToString());
    }

    // As an operator would: the archive's public key next to the data, named in lowside.json.
    private async Task TrustArchiveKeyAsync(TestOpenPgpKey archiveKey)
    {
        var keyring = Sites.Path("debian-archive-keyring.gpg");
        File.Copy(archiveKey.KeyringPath, keyring, overwrite: true);
        await PipelineSites.EditConfigAsync(Sites.LowData, "lowside", json => json["Debian"] = new JsonObject { ["Keyrings"] = new JsonArray(keyring) });
    }
}
