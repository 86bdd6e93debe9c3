using System.Text.Json.Nodes;
using TransferPipeline.EndToEnd.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests;

/// <summary>
/// An application's NuGet dependencies as one request, through the `lowside` and `highside` executables: the requester files
/// the packages.lock.json the real `dotnet restore` wrote against an upstream feed, the low side gathers every package it
/// resolves (each checked against its content hash), and after two officers approve, `dotnet restore --locked-mode` in the air
/// gap restores the application from the high side's NuGet feed, over HTTP and as a folder feed, with the upstream gone.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class NuGetPipelineTests : PipelineFixture
{
    private static readonly TestNuGetPackage Words = new("Acme.Words", "2.1.0") { Greeting = "words" };
    private static readonly TestNuGetPackage Greeter = new("Acme.Greeter", "1.0.0")
    {
        Dependencies = new Dictionary<string, string> { ["Acme.Words"] = "2.1.0" },
    };

    [Test]
    [CancelAfter(300_000)]
    public async Task NuGetLockFileRequest_ApplicationDependencies_RestoredLockedFromTheHighSideFeed()
    {
        using var application = new TestDotnetRestore(("Acme.Greeter", "1.0.0"));
        var upstream = await TestNuGetFeed.StartAsync();
        try
        {
            upstream.Publish(Words, Greeter);
            var locking = await application.RestoreAsync(upstream.ServiceIndex);
            Assert.That(locking.ExitCode, Is.Zero, locking.ToString());
            await PipelineSites.EditConfigAsync(Sites.LowData, "lowside",
                json => json["Sources"] = new JsonObject { ["Allowed"] = new JsonObject { ["9"] = upstream.Url + "/" } });
            Directory.CreateDirectory(Sites.Path("mirror", "nuget"));

            var id = (await Sites.Low.SucceedAsync("request", "add", "nuget", upstream.ServiceIndex, "--lock", application.LockFile,
                "--justification", "ward service build")).StandardOutput.Trim();
            await Sites.Low.SucceedAsync("gather");
            var shown = (await Sites.Low.SucceedAsync("request", "show", id)).StandardOutput;
            Assert.That(shown, Does.Contain("\"status\": \"gathered\"").And.Contain("project/packages.lock.json"), shown);
        }
        finally
        {
            await upstream.DisposeAsync();
        }

        await using var mirror = await TestNuGetFeed.ServeAsync(Sites.Path("mirror", "nuget"));
        await PipelineSites.EditConfigAsync(Sites.HighData, "highside", json =>
        {
            json["Mirrors"]!["NuGet"] = Sites.Path("mirror", "nuget");
            json["Mirrors"]!["NuGetUrl"] = mirror.Url + "/";
        });
        await Sites.ShipFirstBatchAsync();

        application.ClearPackages();
        var overHttp = await application.RestoreAsync($"{mirror.Url}/index.json", "--locked-mode");
        Assert.That(overHttp.ExitCode, Is.Zero, overHttp.ToString());
        Assert.That(application.IsInstalled("Acme.Words", "2.1.0") && application.IsInstalled("Acme.Greeter", "1.0.0"), Is.True);
        Assert.That(mirror.Requests, Has.Member("GET /flatcontainer/acme.greeter/1.0.0/acme.greeter.1.0.0.nupkg"));
        application.ClearPackages();
        var fromFolder = await application.RestoreAsync(Sites.Path("mirror", "nuget", "flatcontainer"), "--locked-mode");
        Assert.That(fromFolder.ExitCode, Is.Zero, fromFolder.ToString());
        Assert.That(application.IsInstalled("Acme.Words", "2.1.0"), Is.True);
    }
}
