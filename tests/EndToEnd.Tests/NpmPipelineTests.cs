using System.Text.Json.Nodes;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// An application's npm dependencies as one request, through the `lowside` and `highside` executables: the requester
/// files the package-lock.json the real npm wrote against an upstream registry, the low side gathers every package it
/// lists (each checked against its integrity), and after two officers approve, `npm ci` in the air gap installs the
/// application's dependencies from the high side's npm mirror with the upstream gone.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class NpmPipelineTests : PipelineFixture
{
    private static readonly TestNpmPackage Words = new("@acme/words", "2.1.0") { Greeting = "words" };
    private static readonly TestNpmPackage Greeter = new("greeter", "1.0.0")
    {
        Dependencies = new Dictionary<string, string> { ["@acme/words"] = "^2.1.0" },
    };

    [Test]
    [CancelAfter(300_000)]
    public async Task NpmLockFileRequest_ApplicationDependencies_InstalledWithNpmCiFromTheHighSideMirror()
    {
        using var application = new TestNpmClient();
        var upstream = await TestNpmRegistry.StartAsync();
        string lockFile;
        try
        {
            upstream.Publish(Words, Greeter);
            var locking = await application.NpmAsync("install", "greeter@1.0.0", "--registry", upstream.Url + "/");
            Assert.That(locking.ExitCode, Is.Zero, locking.ToString());
            lockFile = Path.Combine(application.Project, "package-lock.json");
            await PipelineSites.EditConfigAsync(Sites.LowData, "lowside",
                json => json["Sources"] = new JsonObject { ["Allowed"] = new JsonObject { ["9"] = upstream.Url + "/" } });
            var mirrorDirectory = Sites.Path("mirror", "npm");
            Directory.CreateDirectory(mirrorDirectory);

            var id = (await Sites.Low.SucceedAsync("request", "add", "npm", upstream.Url, "--lock", lockFile,
                "--justification", "ward dashboard build")).StandardOutput.Trim();
            await Sites.Low.SucceedAsync("gather");
            var shown = (await Sites.Low.SucceedAsync("request", "show", id)).StandardOutput;
            Assert.That(shown, Does.Contain("\"status\": \"gathered\"").And.Contain("consumer/package-lock.json"), shown);
        }
        finally
        {
            await upstream.DisposeAsync();
        }

        await using var mirror = await TestNpmRegistry.ServeAsync(Sites.Path("mirror", "npm"));
        await PipelineSites.EditConfigAsync(Sites.HighData, "highside", json =>
        {
            json["Mirrors"]!["Npm"] = Sites.Path("mirror", "npm");
            json["Mirrors"]!["NpmUrl"] = mirror.Url + "/";
        });
        await Sites.ShipFirstBatchAsync();

        Directory.Delete(Path.Combine(application.Project, "node_modules"), recursive: true);
        application.ClearCache();
        var ci = await application.NpmAsync("ci", "--registry", mirror.Url + "/", "--replace-registry-host=always");
        Assert.That(ci.ExitCode, Is.Zero, ci.ToString());
        var run = await application.NodeAsync("console.log(require('greeter') + ' ' + require('@acme/words'))");
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("hello words"), run.ToString());
        Assert.That(mirror.Requests, Has.Member("GET /greeter/-/greeter-1.0.0.tgz").And.Member("GET /@acme/words/-/words-2.1.0.tgz"));
    }
}
