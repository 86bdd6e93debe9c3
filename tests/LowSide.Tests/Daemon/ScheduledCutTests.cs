using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Features.Batches;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Daemon;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

public sealed class ScheduledCutTests
{
    [Test]
    public async Task Daemon_WithCronSchedule_CutsGatheredArtifactsOntoTheConfiguredMedia()
    {
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        site.Configure(json =>
        {
            json["Batches"]!["Schedule"] = "0/1 * * * * ?";
            json["Batches"]!["MediaDirectory"] = site.Media;
        });
        var fileUrl = SharedServers.Files.Write("files/scheduled.bin", RandomNumberGenerator.GetBytes(10_000));
        await TestRequests.SubmitAndGatherAsync(site, TestRequests.File(fileUrl));
        await using var app = TransferDaemon.Build(site.Data, "http://127.0.0.1:0");
        await app.Services.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        try
        {
            var queries = await site.GetAsync<BatchQueries>();
            var batches = await Eventually.GetAsync(() => queries.ListAsync(CancellationToken.None), b => b.Count > 0 && b[0].Status != BatchStatus.Cutting,
                TimeSpan.FromSeconds(20), "the scheduled cut");

            Assert.That(batches.Single().Status, Is.EqualTo(BatchStatus.Shipped));
            Assert.That(Directory.Exists(Path.Combine(site.Media, "site-a-000001-v001")), Is.True);
        }
        finally
        {
            await app.StopAsync(timeout.Token);
        }
    }
}
