using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.LowSide.Contracts;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Gathering;

/// <summary>The consumer on MassTransit's in-memory test harness, with the real services behind it.</summary>
public sealed class GatherRequestConsumerTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Consume_GatherRequest_GathersTheRequestOnce_EvenWhenWokenTwice()
    {
        await using var site = await TestSite.CreateAsync(Provider, SharedServers.Registry.Host);
        var configuration = SideConfiguration.Build(site.Data);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddTransferCore(configuration, site.Data)
            .AddMassTransitTestHarness(x => x.AddConsumer<GatherRequestConsumer, GatherRequestConsumerDefinition>());
        await using var provider = services.BuildServiceProvider(true);
        await provider.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var submitted = await provider.GetRequiredService<RequestService>()
            .SubmitAsync(TestRequests.Image(SharedServers.AppV1.Reference.ToString()), TestCallers.Alice, CancellationToken.None);
        var id = submitted.Value!.Id;

        await harness.Bus.Publish(new GatherRequest(id));
        await harness.Bus.Publish(new GatherRequest(id));
        var consumer = harness.GetConsumerHarness<GatherRequestConsumer>();
        var repository = provider.GetRequiredService<RequestRepository>();
        var request = await Eventually.GetAsync(() => repository.GetAsync(id, CancellationToken.None),
            r => r!.Status is RequestStatus.Gathered or RequestStatus.Failed, TimeSpan.FromSeconds(30), "the consumer to gather");

        Assert.That(await consumer.Consumed.Any<GatherRequest>(m => m.Context.Message.RequestId == id), Is.True);
        Assert.That(request!.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(request.ResolvedDigest, Is.EqualTo(SharedServers.AppV1.ManifestDigest.Value));
        Assert.That(await harness.Published.Any<Fault<GatherRequest>>(), Is.False);
        await harness.Stop();
    }
}
