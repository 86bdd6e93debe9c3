using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.LowSide.Features.Requests;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>Files requests and gathers them the way the CLI does.</summary>
internal static class TestRequests
{
    public static NewRequest Image(string reference, params string[] platforms) => new()
    {
        Kind = "image",
        Source = reference,
        Platforms = platforms,
        Requester = "alice",
        Justification = "needed for tests",
    };

    public static NewRequest File(string url, string? sha256 = null) => new()
    {
        Kind = "file",
        Source = url,
        Sha256 = sha256,
        Requester = "bob",
        Justification = "needed for tests",
    };

    public static NewRequest Chart(string repository, string name, string version) => new()
    {
        Kind = "chart",
        Source = repository,
        Name = name,
        Version = version,
        Requester = "carol",
        Justification = "needed for tests",
    };

    public static NewRequest Deb(string repository, string suite, string names, string architecture = "amd64") => new()
    {
        Kind = "deb",
        Source = $"{repository} {suite} main",
        Name = names,
        Platforms = [architecture],
        Requester = "dave",
        Justification = "needed for tests",
    };

    public static async Task<ArtifactRequest> SubmitAsync(TestSite site, NewRequest request)
    {
        var requester = TestCallers.Requester(request.Requester ?? "alice");
        var outcome = await (await site.GetAsync<RequestService>()).SubmitAsync(request, requester, CancellationToken.None);
        Assert.That(outcome.IsOk, Is.True, outcome.Error?.Message);
        return outcome.Value!;
    }

    public static async Task<ArtifactRequest> SubmitAndGatherAsync(TestSite site, NewRequest request)
    {
        var submitted = await SubmitAsync(site, request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var gathered = await (await site.GetAsync<GatherService>()).GatherAsync(submitted.Id, timeout.Token);
        return gathered.Value!;
    }
}
