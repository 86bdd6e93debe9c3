using TransferPipeline.Shared.Persistence;
using System.Text;
using Microsoft.AspNetCore.Http;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Gathering;

/// <summary>Registries that demand credentials: an anonymous bearer token, or basic auth from the configuration.</summary>
public sealed class RegistryAuthTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    [Test]
    public async Task Gather_AnonymousBearerChallenge_FetchesATokenAndGathers()
    {
        FakeRegistryServer? server = null;
        server = await FakeRegistryServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/token")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"token":"anonymous-token","expires_in":300}""");
                return;
            }

            if (context.Request.Headers.Authorization != "Bearer anonymous-token")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer realm=\"{server!.BaseUri}token\",service=\"test\",scope=\"repository:library/app:pull\"";
                return;
            }

            await RegistryProxy.ForwardAsync(context);
        });
        await using var _ = server;
        await using var site = await TestSite.CreateAsync(Provider, server.Host);

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{server.Host}/library/app:1.0"));

        Assert.That(request.Status, Is.EqualTo(RequestStatus.Gathered), request.Failure);
        Assert.That(server.Requests, Has.Some.StartsWith("GET /token"));
    }

    [TestCase("puller", "s3cret", RequestStatus.Gathered)]
    [TestCase("puller", "wrong", RequestStatus.Failed)]
    public async Task Gather_BasicAuthRegistry_UsesTheConfiguredCredentials(string username, string password, string expected)
    {
        var good = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("puller:s3cret"));
        await using var server = await FakeRegistryServer.StartAsync(async context =>
        {
            if (context.Request.Headers.Authorization != good)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"registry\"";
                return;
            }

            await RegistryProxy.ForwardAsync(context);
        });
        await using var site = await TestSite.CreateAsync(Provider, server.Host);
        site.Configure(json =>
        {
            json["Sources"]!["Registries"]![0]!["Username"] = username;
            json["Sources"]!["Registries"]![0]!["Password"] = password;
        });

        var request = await TestRequests.SubmitAndGatherAsync(site, TestRequests.Image($"{server.Host}/library/app:1.0"));

        Assert.That(request.Status, Is.EqualTo(expected), request.Failure);
        Assert.That(request.Failure ?? "", Does.Not.Contain(password));
    }
}
