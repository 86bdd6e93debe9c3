using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

/// <summary>The scheduled jobs run only where the scheduler lease is held; the cut is serial across processes.</summary>
public sealed class SchedulerLeaseTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Daemon_SchedulerLeaseHeldByAnotherProcess_CutsOnlyOnceItExpires()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        site.Configure(json =>
        {
            json["Batches"]!["Schedule"] = "0/1 * * * * ?";
            json["Batches"]!["MediaDirectory"] = site.Media;
            json["Workers"] = new System.Text.Json.Nodes.JsonObject { ["SchedulerLease"] = "00:00:03" };
        });
        var fileUrl = SharedServers.Files.Write("files/leased.bin", RandomNumberGenerator.GetBytes(10_000));
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(fileUrl));
        var leases = await site.GetAsync<DatabaseLeases>();
        Assert.That(await leases.TryAcquireAsync(DatabaseLeases.Scheduler, "other-scheduler", TimeSpan.FromSeconds(10), CancellationToken.None), Is.True);
        var acquired = TimeProvider.System.GetTimestamp();
        await using var app = TransferDaemon.Build(site.Data, "http://127.0.0.1:0", roles: ServeRoles.Scheduler);
        await app.Services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await app.StartAsync(timeout.Token);
        try
        {
            var queries = await site.GetAsync<BatchQueries>();
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var stillHeld = await queries.ListAsync(CancellationToken.None);
            Assert.That(TimeProvider.System.GetElapsedTime(acquired), Is.LessThan(TimeSpan.FromSeconds(10)), "the lease had not yet expired when checked");
            Assert.That(stillHeld, Is.Empty, "the other process holds the scheduler lease");

            var batches = await Eventually.GetAsync(() => queries.ListAsync(CancellationToken.None), b => b.Count > 0 && b[0].Status != BatchStatus.Cutting,
                TimeSpan.FromSeconds(40), "the cut after the lease expired");
            Assert.That(batches.Single().Status, Is.EqualTo(BatchStatus.Shipped));
            var holder = (await leases.ListAsync(CancellationToken.None)).Single(l => l.Name == DatabaseLeases.Scheduler).Holder;
            Assert.That(holder, Is.EqualTo(app.Services.GetRequiredService<WorkerIdentity>().Id));
        }
        finally
        {
            await app.StopAsync(timeout.Token);
        }
    }

    [Test]
    public async Task Cut_WhileAnotherProcessHoldsTheCutLease_RefusedWithCutInProgressAndNothingWritten()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var fileUrl = SharedServers.Files.Write("files/cut-lease.bin", RandomNumberGenerator.GetBytes(10_000));
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(fileUrl));
        var leases = await site.GetAsync<DatabaseLeases>();
        Assert.That(await leases.TryAcquireAsync(DatabaseLeases.Cut, "other-process", TimeSpan.FromMinutes(1), CancellationToken.None), Is.True);

        var refused = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, CancellationToken.None);
        await leases.ReleaseAsync(DatabaseLeases.Cut, "other-process", CancellationToken.None);
        var cut = await (await site.GetAsync<BatchCutService>()).CutAsync(site.Media, null, CancellationToken.None);

        Assert.That(refused.Error?.Code, Is.EqualTo(LowSideReasons.CutInProgress));
        Assert.That(cut.IsOk, Is.True, cut.Error?.Message);
        Assert.That(cut.Value!.Sequence, Is.EqualTo(1), "the refused cut used no sequence");
        Assert.That(await leases.ListAsync(CancellationToken.None), Is.Empty, "the cut released its lease");
    }

    [Test]
    public async Task TwoSchedulerProcessesStartedTogether_OneCutsAndTheOtherTakesOverWhenItIsKilled_SequencesGapless()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        site.Configure(json =>
        {
            json["Batches"]!["Schedule"] = "0/1 * * * * ?";
            json["Batches"]!["MediaDirectory"] = site.Media;
            json["Workers"] = new System.Text.Json.Nodes.JsonObject { ["SchedulerLease"] = "00:00:03", ["HeartbeatInterval"] = "00:00:00.500" };
        });
        var first = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var url = SharedServers.Files.Write($"files/two-schedulers-{i}.bin", RandomNumberGenerator.GetBytes(10_000));
            first.Add((await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url))).Id);
        }

        var lowside = ProductExecutable.LowSide().WithData(site.Data.Root);
        var schedulers = new[] { lowside.StartDaemon("serve", "--role", "scheduler"), lowside.StartDaemon("serve", "--role", "scheduler") };
        try
        {
            var queries = await site.GetAsync<BatchQueries>();
            string Output() => string.Join("\n----\n", schedulers.Select(s => s.Output));
            await Eventually.GetAsync(() => queries.ListAsync(CancellationToken.None), b => b.Count > 0 && b[0].Status != BatchStatus.Cutting,
                TimeSpan.FromSeconds(60), "the first scheduled cut", Output);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var holder = schedulers.Single(s => s.Output.Contains("scheduler lease held: True", StringComparison.Ordinal));
            var survivor = schedulers.Single(s => s != holder);
            await holder.KillAsync();

            var url = SharedServers.Files.Write("files/two-schedulers-late.bin", RandomNumberGenerator.GetBytes(10_000));
            var late = (await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(url))).Id;
            var batches = await Eventually.GetAsync(() => queries.ListAsync(CancellationToken.None),
                b => b.Count > 1 && b.All(x => x.Status != BatchStatus.Cutting), TimeSpan.FromSeconds(60), "the survivor's cut", Output);

            Assert.That(batches.Select(b => b.Sequence).Order(), Is.EqualTo(new long[] { 1, 2 }), "one cut each time, gapless");
            Assert.That(batches.Select(b => b.Status), Is.All.EqualTo(BatchStatus.Shipped));
            Assert.That(batches.Single(b => b.Sequence == 1).RequestIds, Is.EquivalentTo(first));
            Assert.That(batches.Single(b => b.Sequence == 2).RequestIds, Is.EqualTo(new[] { late }));
            Assert.That(survivor.Output, Does.Contain("scheduler lease held: True"), "the survivor took the lease over");
        }
        finally
        {
            foreach (var scheduler in schedulers)
            {
                await scheduler.DisposeAsync();
            }
        }
    }
}
