using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Site;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Batches;

using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Storage;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

/// <summary>`lowside serve` killed with SIGKILL mid-work and restarted: nothing lost, nothing twice, nothing half-written taken for whole.</summary>
[NonParallelizable]
public sealed class CrashRecoveryTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The daemon is killed the moment the work is under way, before it can finish.
    private static readonly TimeSpan KillPollInterval = TimeSpan.FromMilliseconds(20);

    [Test]
    public async Task Serve_KilledWhileGathering_RestartGathersTheRequestOnce()
    {
        var content = new byte[6 * 1024 * 1024];
        new Random(42).NextBytes(content);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        long sent = 0;
        var slow = true;
        await using var server = await FakeRegistryServer.StartAsync(async context =>
        {
            context.Response.ContentLength = content.Length;
            for (var offset = 0; offset < content.Length; offset += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(content.AsMemory(offset, 64 * 1024), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                Interlocked.Add(ref sent, 64 * 1024);
                if (Volatile.Read(ref slow))
                {
                    await Task.Delay(40, context.RequestAborted);
                }
            }
        });
        await using var site = await TestSite.CreateAsync(Provider, server.BaseUri + "slow/");
        await site.AuthorizeHttpAsync("alice", UserRoles.Operator);
        string id;
        await using (var serve = await site.ServeAsync())
        {
            using var created = await site.Http.PostAsJsonAsync("/api/requests", new
            {
                kind = "file",
                source = server.BaseUri + "slow/big.bin",
                sha256,
                requester = "alice",
                justification = "crash test",
            });
            id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            await Eventually.GetAsync(
                () => Task.FromResult(Interlocked.Read(ref sent)), n => n > 1024 * 1024, Patience, "the download to be under way",
                interval: KillPollInterval);

            await serve.KillAsync();
        }

        var repository = await site.GetAsync<RequestRepository>();
        var store = await site.GetAsync<ContentStore>();
        Assert.That((await repository.GetAsync(id, CancellationToken.None))!.Status, Is.EqualTo(RequestStatus.Gathering));
        Assert.That(store.Contains("sha256:" + sha256), Is.False, "a partial download must never look complete");

        Volatile.Write(ref slow, false);
        await using (var restarted = await site.ServeAsync())
        {
            var request = await Eventually.GetAsync(
                async () => (await repository.GetAsync(id, CancellationToken.None))!,
                r => r.Status is RequestStatus.Gathered or RequestStatus.Failed, Patience, "the restarted daemon to gather");

            Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure + restarted.Output);
            Assert.That(await restarted.StopAsync(), Is.Zero, "graceful shutdown on SIGTERM");
        }

        Assert.That(store.Contains("sha256:" + sha256), Is.True);
        Assert.That(await repository.ListTopLevelAsync(CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(Directory.EnumerateFiles(Path.Combine(store.Root, "incoming")), Is.Empty);
    }

    [Test]
    public async Task Serve_KilledWhileCutting_RestartFinishesTheSameBatchOnce()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Files.Prefix + "files/");
        await site.AuthorizeHttpAsync("olga", UserRoles.Operator);
        site.Configure(json =>
        {
            json["Batches"]!["ChunkSize"] = "128KiB";
            json["Batches"]!["VolumeSize"] = "256MiB";
            json["Batches"]!["MediaRoots"] = new JsonArray(site.Media);
        });
        var content = RandomNumberGenerator.GetBytes(48 * 1024 * 1024);
        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(SharedServers.Files.Write("files/crash-cut.bin", content)));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        var volume = Path.Combine(site.Media, "site-a-000001-v001");

        await using (var serve = await site.ServeAsync())
        {
            var cut = site.Http.PostAsJsonAsync("/api/batches/cut", new { media = site.Media });
            await Eventually.GetAsync(
                () => Task.FromResult(Directory.Exists(volume)), exists => exists, Patience, "the cut to start writing",
                interval: KillPollInterval);
            await serve.KillAsync();
            await Task.WhenAny(cut);
        }

        Assert.That(File.Exists(Path.Combine(volume, BatchFileNames.Signature)), Is.False, "killed before the commit marker");
        var key = (await site.GetAsync<SiteKey>()).LoadPublicKey();
        var trusted = new[] { new TrustedSigningKey(key, site.SiteId) };
        var half = await VolumeVerifier.VerifyAsync(volume, trusted, new BatchVerificationOptions { Now = DateTimeOffset.UtcNow });
        Assert.That(half.IsValid, Is.False);
        Assert.That(half.ReasonCode, Is.EqualTo("volume-incomplete"));
        var queries = await site.GetAsync<BatchQueries>();
        Assert.That((await queries.GetAsync("site-a-000001", CancellationToken.None)).Value!.Status, Is.EqualTo(BatchStatus.Cutting));

        await using (var restarted = await site.ServeAsync())
        {
            var batch = await Eventually.GetAsync(
                async () => (await queries.GetAsync("site-a-000001", CancellationToken.None)).Value!,
                b => b.Status != BatchStatus.Cutting, Patience, "the restarted daemon to finish the batch");
            Assert.That(batch.Status, Is.EqualTo(BatchStatus.Shipped), batch.Failure + restarted.Output);
            Assert.That(await restarted.StopAsync(), Is.Zero);
        }

        var whole = await VolumeVerifier.VerifyAsync(volume, trusted, new BatchVerificationOptions { Now = DateTimeOffset.UtcNow });
        Assert.That(whole.IsValid, Is.True, whole.Message);
        Assert.That(whole.Manifest!.Sequence, Is.EqualTo(1));
        Assert.That(await queries.ListAsync(CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(Directory.GetDirectories(site.Media), Has.Length.EqualTo(1));
        var shipped = await (await site.GetAsync<RequestRepository>()).GetAsync(request.Id, CancellationToken.None);
        Assert.That(shipped!.Status, Is.EqualTo(RequestStatus.Shipped));
    }
}
