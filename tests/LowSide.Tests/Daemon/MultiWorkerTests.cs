using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

/// <summary>
/// Real `lowside serve --role worker` processes sharing one data directory (SQLite in WAL across processes): the claims
/// decide who gathers what, so every request is gathered exactly once while workers are killed and restarted.
/// </summary>
public sealed class MultiWorkerTests
{
    private const int Requests = 200;
    // About 40 s on the shared two-core test machine in memory; the broker's restart adds its boot and the reconnections.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Test]
    public async Task ThreeWorkers_OneKilledOneRestarted_EveryRequestGatheredExactlyOnce()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        ConfigureFastClaims(site);
        await WorkerFleet.RunAsync(site, Requests, Deadline, new Dictionary<string, string>(), brokerOutage: null);
    }

    [Test]
    public async Task ThreeWorkersOnRabbitMq_OneKilledOneRestartedBrokerRestarted_EveryRequestGatheredExactlyOnce()
    {
        await using var broker = await RabbitMqServer.StartAsync();
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        ConfigureFastClaims(site);

        await WorkerFleet.RunAsync(site, Requests, Deadline, broker.BusEnvironment("LOWSIDE"), async () =>
        {
            await broker.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await broker.RestartAsync();
        });
    }

    /// <summary>Claims lapse in 2 s and workers sweep twice a second, so a killed worker's work moves on quickly.</summary>
    internal static void ConfigureFastClaims(TestSite site) => site.Configure(json => json["Workers"] = new JsonObject
    {
        ["ClaimLease"] = "00:00:02",
        ["SchedulerLease"] = "00:00:03",
        ["HeartbeatInterval"] = "00:00:00.500",
        ["StaleAfter"] = "00:00:02",
        ["SweepInterval"] = "00:00:00.500",
    });
}

/// <summary>Three worker processes gathering one site's requests, one SIGKILLed and one restarted on the way; then the checks.</summary>
internal static class WorkerFleet
{
    public static async Task RunAsync(
        TestSite site, int count, TimeSpan deadline, IReadOnlyDictionary<string, string> environment, Func<Task>? brokerOutage)
    {
        // A tenth of the requests share content pairwise: two workers may fetch the same blob at once.
        var shared = Enumerable.Range(0, count / 20).Select(_ => RandomNumberGenerator.GetBytes(2048)).ToList();
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < count; i++)
        {
            var content = i < shared.Count * 2 ? shared[i / 2] : RandomNumberGenerator.GetBytes(2048);
            var url = SharedServers.Files.Write($"files/{run}/r{i}.bin", content);
            await TestRequests.SubmitAsync(site, TestRequests.File(url));
        }

        var database = await site.GetAsync<Database>();
        var lowside = ProductExecutable.LowSide(environment).WithData(site.Data.Root);
        var workers = Enumerable.Range(0, 3).Select(_ => lowside.StartDaemon("serve", "--role", "worker")).ToList();
        var clock = Stopwatch.StartNew();
        try
        {
            string Diagnostics() => string.Join("\n----\n", workers.Select(w => w.Output[^Math.Min(w.Output.Length, 4000)..]));
            await Eventually.GetAsync(() => CountGatheredAsync(database), n => n >= count / 5, deadline - clock.Elapsed, "a fifth gathered", Diagnostics,
                TimeSpan.FromMilliseconds(20));
            var fifth = clock.Elapsed;
            await workers[0].KillAsync();
            if (brokerOutage is not null)
            {
                await brokerOutage();
            }

            await Eventually.GetAsync(() => CountGatheredAsync(database), n => n >= count / 2, deadline - clock.Elapsed, "half gathered", Diagnostics,
                TimeSpan.FromMilliseconds(20));
            var half = clock.Elapsed;
            await workers[1].StopAsync();
            workers[1] = lowside.StartDaemon("serve", "--role", "worker");
            await Eventually.GetAsync(() => CountGatheredAsync(database), n => n == count, deadline - clock.Elapsed, "every request gathered",
                Diagnostics, TimeSpan.FromMilliseconds(50));
            TestContext.Progress.WriteLine($"{count} requests gathered by 3 workers in {clock.Elapsed.TotalSeconds:0.0} s "
                + $"(a fifth at {fifth.TotalSeconds:0.0} s, half at {half.TotalSeconds:0.0} s)");
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        await AssertGatheredOnceAsync(database, await site.GetAsync<ContentStore>(), count);
    }

    private static async Task<long> CountGatheredAsync(Database database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE status = 'gathered'");
    }

    private static async Task AssertGatheredOnceAsync(Database database, ContentStore store, int count)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var statuses = (await connection.QueryAsync<string>("SELECT status FROM requests")).ToList();
        Assert.That(statuses, Has.Count.EqualTo(count).And.All.EqualTo("gathered"), "none lost, none failed");
        var audited = (await connection.QueryAsync<(string Subject, long Count)>("""
            SELECT subject, COUNT(*) FROM audit_entries WHERE action = 'request.gathered' GROUP BY subject
            """)).ToList();
        Assert.That(audited, Has.Count.EqualTo(count), "every request audited as gathered");
        Assert.That(audited.Where(a => a.Count != 1).Select(a => a.Subject), Is.Empty, "no request gathered twice");
        var claims = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE claimed_by IS NOT NULL");
        Assert.That(claims, Is.Zero, "every claim released");

        var blobs = (await connection.QueryAsync<(string Digest, long Size)>("SELECT DISTINCT digest, size FROM request_blobs")).ToList();
        Assert.That(blobs, Has.Count.EqualTo(count - (count / 20)), "a shared content is one blob");
        foreach (var (digest, size) in blobs)
        {
            Assert.That(await store.IsIntactAsync(digest, size, CancellationToken.None), Is.True, $"{digest} matches its digest");
        }
    }
}
