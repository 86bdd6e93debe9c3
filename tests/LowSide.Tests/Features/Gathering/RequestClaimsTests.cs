using TransferPipeline.Shared.Tests.Support;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.Hosting.Workers;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;

namespace TransferPipeline.LowSide.Tests.Features.Gathering;

/// <summary>Claims on requests: one conditional update only one worker wins, renewed, expired, taken over; work done once.</summary>
public sealed class RequestClaimsTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task TryClaim_TwentyWorkersAtOnce_ExactlyOneWins()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var request = await SubmitFileAsync(site, "race.bin");
        var claims = await site.GetAsync<RequestClaims>();

        var won = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            claims.TryClaimAsync(request.Id, $"worker-{i}", Minute, CancellationToken.None))));

        Assert.That(won.Count(w => w), Is.EqualTo(1));
        var claimed = await (await site.GetAsync<RequestRepository>()).GetAsync(request.Id, CancellationToken.None);
        Assert.That(claimed!.Status, Is.EqualTo(RequestStatus.Gathering));
    }

    [Test]
    public async Task TryClaim_ClaimExpired_AnotherWorkerTakesOverAndTheFormerHolderCanNoLongerRenew()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var request = await SubmitFileAsync(site, "expired.bin");
        var claims = await site.GetAsync<RequestClaims>();

        Assert.That(await claims.TryClaimAsync(request.Id, "dead", TimeSpan.FromMilliseconds(1), CancellationToken.None), Is.True);
        await Task.Delay(20);
        var takenOver = await claims.TryClaimAsync(request.Id, "alive", Minute, CancellationToken.None);
        var renewedByDead = await claims.RenewAsync(request.Id, "dead", Minute, CancellationToken.None);
        var stolenBack = await claims.TryClaimAsync(request.Id, "dead", Minute, CancellationToken.None);

        Assert.That(takenOver, Is.True);
        Assert.That(renewedByDead, Is.False);
        Assert.That(stolenBack, Is.False, "a live claim is not taken");
    }

    [Test]
    public async Task Gather_ClaimedByALiveWorker_LeavesItAlone()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var request = await SubmitFileAsync(site, "held.bin");
        var claims = await site.GetAsync<RequestClaims>();
        Assert.That(await claims.TryClaimAsync(request.Id, "other-process", Minute, CancellationToken.None), Is.True);

        var outcome = await (await site.GetAsync<GatherService>()).GatherAsync(request.Id, CancellationToken.None);

        Assert.That(outcome.Value!.Status, Is.EqualTo(RequestStatus.Gathering));
        Assert.That(await ClaimHolderAsync(site, request.Id), Is.EqualTo("other-process"));
        Assert.That(await AuditCountAsync(site, "request.gathered", request.Id), Is.Zero);
    }

    [Test]
    public async Task Gather_WorkerDiedMidGather_TakenOverAfterTheClaimExpiresAndAuditedOnce()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var request = await SubmitFileAsync(site, "orphan.bin");
        var claims = await site.GetAsync<RequestClaims>();
        Assert.That(await claims.TryClaimAsync(request.Id, "crashed", TimeSpan.FromMilliseconds(1), CancellationToken.None), Is.True);
        await Task.Delay(20);

        var outcome = await (await site.GetAsync<GatherService>()).GatherAsync(request.Id, CancellationToken.None);

        Assert.That(outcome.Value!.Status, Is.EqualTo(RequestStatus.Gathered), outcome.Value.Failure);
        Assert.That(outcome.Value.Attempts, Is.EqualTo(2));
        Assert.That(await ClaimHolderAsync(site, request.Id), Is.Null, "the claim is cleared when done");
        Assert.That(await AuditCountAsync(site, "request.gathered", request.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task Gather_DuplicatedWakeUpsInTwoProcesses_GatheredAndAuditedOnce()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        var requests = new List<ArtifactRequest>();
        for (var i = 0; i < 5; i++)
        {
            requests.Add(await SubmitFileAsync(site, $"dup-{i}.bin"));
        }

        // Two service providers stand for two processes: each has its own worker identity, like two `serve` processes.
        var first = await site.GetAsync<GatherService>();
        var second = (await site.ServicesAsync()).GetRequiredService<GatherService>();
        var wakeUps = requests.SelectMany(r => new[] { first, second, first, second }.Select(g => Task.Run(() =>
            g.GatherAsync(r.Id, CancellationToken.None))));

        await Task.WhenAll(wakeUps);

        var repository = await site.GetAsync<RequestRepository>();
        foreach (var request in requests)
        {
            var gathered = await repository.GetAsync(request.Id, CancellationToken.None);
            Assert.That(gathered!.Status, Is.EqualTo(RequestStatus.Gathered), gathered.Failure);
            Assert.That(gathered.Attempts, Is.EqualTo(1), "one claim, one gather");
            Assert.That(await AuditCountAsync(site, "request.gathered", request.Id), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task TryAcquireLease_TwoHolders_OneHoldsUntilItExpiresOrIsReleased()
    {
        await using var site = await TestSite.CreateAsync(Provider);
        var leases = await site.GetAsync<DatabaseLeases>();

        var first = await leases.TryAcquireAsync("test", "a", Minute, CancellationToken.None);
        var second = await leases.TryAcquireAsync("test", "b", Minute, CancellationToken.None);
        var renewed = await leases.TryAcquireAsync("test", "a", TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await Task.Delay(20);
        var afterExpiry = await leases.TryAcquireAsync("test", "b", Minute, CancellationToken.None);
        await leases.ReleaseAsync("test", "b", CancellationToken.None);
        var afterRelease = await leases.TryAcquireAsync("test", "c", Minute, CancellationToken.None);

        Assert.That((first, second, renewed, afterExpiry, afterRelease), Is.EqualTo((true, false, true, true, true)));
        Assert.That((await leases.ListAsync(CancellationToken.None)).Single().Holder, Is.EqualTo("c"));
    }

    [Test]
    public async Task TryAcquireLease_TenProcessesRaceForAFreeLease_ExactlyOneWins()
    {
        await using var site = await TestSite.CreateAsync(Provider);
        var leases = await site.GetAsync<DatabaseLeases>();

        var won = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            leases.TryAcquireAsync(DatabaseLeases.Scheduler, $"p{i}", Minute, CancellationToken.None))));

        Assert.That(won.Count(w => w), Is.EqualTo(1));
    }

    internal static async Task<ArtifactRequest> SubmitFileAsync(TestSite site, string name)
    {
        var url = SharedServers.Files.Write($"files/{Guid.NewGuid():N}-{name}", RandomNumberGenerator.GetBytes(4096));
        return await TestRequests.SubmitAsync(site, TestRequests.File(url));
    }

    internal static async Task<long> AuditCountAsync(TestSite site, string action, string subject)
    {
        await using var connection = await (await site.GetAsync<Database>()).OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_entries WHERE action = @Action AND subject = @Subject", new { Action = action, Subject = subject });
    }

    private static async Task<string?> ClaimHolderAsync(TestSite site, string id)
    {
        await using var connection = await (await site.GetAsync<Database>()).OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>("SELECT claimed_by FROM requests WHERE id = @Id", new { Id = id });
    }
}
