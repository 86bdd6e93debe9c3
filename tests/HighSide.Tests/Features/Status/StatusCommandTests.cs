using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Status;

/// <summary>`highside status`: workers alive and stale, batches waiting in each state, stuck work, the scheduler lease holder.</summary>
[OnBothProviders]
public sealed class StatusCommandTests(DatabaseProvider provider) : HighSideScenarioTests(provider)
{
    protected override bool UsesRealClock => true;

    [Test]
    public async Task Status_StaleWorkerExpiredClaimAndQueue_ShownAsTextAndJson()
    {
        var stuck = await ImportFileAsync("stuck.bin", sequence: 1);
        await ImportFileAsync("waiting.bin", sequence: 2);
        var dead = new WorkerIdentity(TimeProvider.System, ServeRoles.Worker);
        var alive = new WorkerIdentity(TimeProvider.System, ServeRoles.Scheduler | ServeRoles.Api);
        var registry = HighSide.Get<WorkerRegistry>();
        await registry.HeartbeatAsync(dead, DateTimeOffset.UtcNow.AddMinutes(-10), stuck, CancellationToken.None);
        await registry.HeartbeatAsync(alive, DateTimeOffset.UtcNow, null, CancellationToken.None);
        Assert.That(await HighSide.Get<BatchClaims>().TryClaimAsync(stuck, dead.Id, TimeSpan.FromMilliseconds(1), CancellationToken.None), Is.True);
        Assert.That(await HighSide.Get<DatabaseLeases>().TryAcquireAsync(
            DatabaseLeases.Scheduler, alive.Id, TimeSpan.FromMinutes(5), CancellationToken.None), Is.True);
        await Task.Delay(10);

        var text = await HighSide.Cli.RunAsync("status");
        var json = await HighSide.Cli.RunAsync("status", "--json");

        Assert.That(text.ExitCode, Is.EqualTo(ExitCodes.Ok), text.Combined);
        Assert.That(text.StandardOutput, Does.Contain("workers: 1 alive, 1 stale")
            .And.Contain($"queue: 2 {BatchStates.AwaitingApproval}")
            .And.Contain("stuck: 1 expired claim(s), 1 stale worker(s)")
            .And.Contain($"{stuck} ({BatchStates.AwaitingApproval})  was {dead.Id}")
            .And.Contain($"scheduler lease: {alive.Id}")
            .And.Contain($"{dead.Id}  worker  STALE"));
        Assert.That(json.ExitCode, Is.EqualTo(ExitCodes.Ok), json.Combined);
        var status = JsonNode.Parse(json.StandardOutput)!;
        Assert.That((int)status["queue"]![BatchStates.AwaitingApproval]!, Is.EqualTo(2));
        Assert.That((int)status["alive"]!, Is.EqualTo(1));
        Assert.That((int)status["stale"]!, Is.EqualTo(1));
        Assert.That((string?)status["schedulerHolder"], Is.EqualTo(alive.Id));
        Assert.That((string?)status["expiredClaims"]![0]!["batchId"], Is.EqualTo(stuck));
        Assert.That((string?)status["expiredClaims"]![0]!["claimedBy"], Is.EqualTo(dead.Id));
        var workers = status["workers"]!.AsArray();
        Assert.That(workers.Single(w => (string?)w!["id"] == dead.Id)!["currentClaim"]!.GetValue<string>(), Is.EqualTo(stuck));
        Assert.That(workers.Single(w => (string?)w!["id"] == alive.Id)!["roles"]!.GetValue<string>(), Is.EqualTo("api,scheduler"));
    }

    [Test]
    public async Task Status_NothingRunning_ShowsEmptyQueueAndFreeLease()
    {
        var text = await HighSide.Cli.RunAsync("status");

        Assert.That(text.ExitCode, Is.EqualTo(ExitCodes.Ok), text.Combined);
        Assert.That(text.StandardOutput, Does.Contain("workers: 0 alive, 0 stale")
            .And.Contain("queue: empty")
            .And.Contain("stuck: 0 expired claim(s)")
            .And.Contain("scheduler lease: free"));
    }

    private async Task<string> ImportFileAsync(string name, int sequence)
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, name, 10_000, seed: sequence);
        var written = await Scenario.WriteAsync([file], sequence: sequence, mediaDirectory: Path.Combine(Scenario.Root, $"media-{sequence}"));
        return (await HighSide.ImportAsync(written.VolumeDirectories[0])).Id;
    }
}
