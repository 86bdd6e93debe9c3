using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Daemon;

/// <summary>Bus:Transport=RabbitMq against a private node on a non-default port with its own user and password.</summary>
public sealed class RabbitMqTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task ApiProcessAndWorkerProcess_OnRabbitMq_TheWakeUpIsCarriedToTheWorkerWhichGathers()
    {
        await using var broker = await RabbitMqServer.StartAsync();
        await using var site = await TestSite.CreateAsync(SharedServers.Files.Prefix + "files/");
        // No sweep during the test: only a message on the broker can wake the worker (every wake-up goes through the bus).
        site.Configure(json => json["Workers"] = new JsonObject { ["SweepInterval"] = "01:00:00" });
        await site.AuthorizeHttpAsync("alice", UserRoles.Operator);
        var environment = new Dictionary<string, string>(broker.BusEnvironment("LOWSIDE"))
        {
            ["LOWSIDE__Http__Urls"] = site.Http.BaseAddress!.ToString().TrimEnd('/'),
        };
        var lowside = ProductExecutable.LowSide(environment).WithData(site.Data.Root);
        await using var worker = lowside.StartDaemon("serve", "--role", "worker");
        await using var api = lowside.StartDaemon("serve", "--role", "api");
        await api.WaitForHttpAsync(new Uri(site.Http.BaseAddress, "health"), Patience);
        await Eventually.GetAsync(() => Task.FromResult(worker.Output), o => o.Contains("Application started", StringComparison.Ordinal), Patience,
            "the worker to start (its bus first: Bus start waits for the broker)", () => worker.Output);
        var url = SharedServers.Files.Write($"files/{Guid.NewGuid():N}.bin", RandomNumberGenerator.GetBytes(4096));

        using var created = await site.Http.PostAsJsonAsync("/api/requests", new
        {
            kind = "file",
            source = url,
            requester = "alice",
            justification = "carried by RabbitMQ",
        });
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var repository = await site.GetAsync<RequestRepository>();
        var request = await Eventually.GetAsync(async () => (await repository.GetAsync(id, CancellationToken.None))!,
            r => r.Status is RequestStatus.Gathered or RequestStatus.Failed, Patience, "the worker to gather", () => worker.Output + api.Output);

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(worker.Output, Does.Contain(id), "the worker process gathered it");
        Assert.That(api.Output, Does.Not.Contain($"gather {id}"), "the api process consumes nothing");
    }
}
