using TransferPipeline.Shared.Persistence;
using System.Text.Json.Nodes;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Tests.Features.Gathering;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Status;

/// <summary>`lowside status`: workers alive and stale, queue depth, stuck work, the scheduler lease holder.</summary>
public sealed class StatusCommandTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Status_StaleWorkerExpiredClaimAndQueue_ShownAsTextAndJson()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var stuck = await RequestClaimsTests.SubmitFileAsync(site, "stuck.bin");
        await RequestClaimsTests.SubmitFileAsync(site, "waiting.bin");
        var dead = new WorkerIdentity(TimeProvider.System, ServeRoles.Worker);
        var alive = new WorkerIdentity(TimeProvider.System, ServeRoles.Scheduler | ServeRoles.Api);
        var registry = await site.GetAsync<WorkerRegistry>();
        await registry.HeartbeatAsync(dead, DateTimeOffset.UtcNow.AddMinutes(-10), stuck.Id, CancellationToken.None);
        await registry.HeartbeatAsync(alive, DateTimeOffset.UtcNow, null, CancellationToken.None);
        var claims = await site.GetAsync<RequestClaims>();
        Assert.That(await claims.TryClaimAsync(stuck.Id, dead.Id, TimeSpan.FromMilliseconds(1), CancellationToken.None), Is.True);
        Assert.That(await (await site.GetAsync<DatabaseLeases>()).TryAcquireAsync(
            DatabaseLeases.Scheduler, alive.Id, TimeSpan.FromMinutes(5), CancellationToken.None), Is.True);
        var cli = ProductExecutable.LowSide().WithData(site.Data.Root);

        var text = await cli.RunAsync("status");
        var json = await cli.RunAsync("status", "--json");

        Assert.That(text.ExitCode, Is.EqualTo(ExitCodes.Ok), text.Combined);
        Assert.That(text.StandardOutput, Does.Contain("workers: 1 alive, 1 stale")
            .And.Contain("queue: 1 submitted, 1 gathering")
            .And.Contain("stuck: 1 expired claim(s), 1 stale worker(s)")
            .And.Contain($"scheduler lease: {alive.Id}")
            .And.Contain($"{dead.Id}  worker  STALE"));
        Assert.That(json.ExitCode, Is.EqualTo(ExitCodes.Ok), json.Combined);
        var status = JsonNode.Parse(json.StandardOutput)!;
        Assert.That((int)status["submitted"]!, Is.EqualTo(1));
        Assert.That((int)status["gathering"]!, Is.EqualTo(1));
        Assert.That((int)status["stale"]!, Is.EqualTo(1));
        Assert.That((string?)status["schedulerHolder"], Is.EqualTo(alive.Id));
        Assert.That((string?)status["expiredClaims"]![0]!["requestId"], Is.EqualTo(stuck.Id));
        Assert.That((string?)status["expiredClaims"]![0]!["claimedBy"], Is.EqualTo(dead.Id));
        var workers = status["workers"]!.AsArray();
        Assert.That(workers.Single(w => (string?)w!["id"] == dead.Id)!["currentClaim"]!.GetValue<string>(), Is.EqualTo(stuck.Id));
        Assert.That(workers.Single(w => (string?)w!["id"] == alive.Id)!["roles"]!.GetValue<string>(), Is.EqualTo("api,scheduler"));
    }

    [TestCase("all", ServeRoles.All)]
    [TestCase(null, ServeRoles.All)]
    [TestCase("worker", ServeRoles.Worker)]
    [TestCase("api,scheduler", ServeRoles.Api | ServeRoles.Scheduler)]
    [TestCase("WORKER", ServeRoles.Worker)]
    [TestCase("janitor", null)]
    [TestCase("api,janitor", null)]
    [TestCase(",", null)]
    public void ParseRole_Names_KnownOnesOnly(string? text, ServeRoles? expected) =>
        Assert.That(ServeRoleNames.Parse(text), Is.EqualTo(expected));

    [Test]
    public async Task Serve_UnknownRole_ExitsWithUsage()
    {
        await using var site = await TestSite.CreateAsync(Provider);

        var result = await ProductExecutable.LowSide().WithData(site.Data.Root).RunAsync("serve", "--role", "janitor");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.Combined);
        Assert.That(result.StandardError, Does.Contain("--role takes api, worker, scheduler, all"));
    }
}
