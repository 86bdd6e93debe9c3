using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Hosting;

/// <summary>The real `highside serve`: drop folder, HTTP API with signed approvals, Quartz publishing, restart after SIGKILL, graceful stop.</summary>
public sealed class ServeDaemonTests : HighSideScenarioTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private Uri _baseAddress = null!;
    private HighSideAccount? _auditor;
    private Dictionary<string, string> _environment = null!;
    private string _drop = null!;

    protected override bool UsesRealClock => true;

    [SetUp]
    public void SetUpServe()
    {
        _drop = Path.Combine(HighSide.Root, "drop");
        var port = FreePort.Next();
        _baseAddress = new Uri($"http://127.0.0.1:{port}/");
        _environment = new Dictionary<string, string>
        {
            ["HIGHSIDE__Http__Urls"] = $"http://127.0.0.1:{port}",
            ["HIGHSIDE__Import__DropFolder"] = _drop,
            ["HIGHSIDE__Import__PollInterval"] = "00:00:00.250",
            ["HIGHSIDE__Publish__Schedule"] = "0/1 * * * * ?",
        };
    }

    [TearDown]
    public void DisposeHttp()
    {
        _auditor?.Dispose();
        _auditor = null;
    }

    [Test]
    public async Task Serve_DropFolderHttpApprovalsAndSchedule_PublishesThenStopsGracefully()
    {
        await using var serve = await StartServeAsync(_environment);
        var volume = await WriteFileBatchAsync();
        Directory.Move(volume, Path.Combine(_drop, Path.GetFileName(volume)));

        var id = await WaitForBatchAsync(serve, "awaiting-approval");
        var show = await (await AuditorAsync()).Http.GetFromJsonAsync<JsonElement>($"batches/{id}");
        Assert.That(show.GetProperty("artifacts")[0].GetProperty("requester").GetString(), Is.EqualTo("local:bob"));
        OfficerKey[] officers = [await HighSide.AddOfficerAsync("carol"), await HighSide.AddOfficerAsync("dave")];
        foreach (var officer in officers)
        {
            using var account = await HighSideAccount.SignedInAsync(HighSide.Cli, _baseAddress, officer.Name, "officer", officer.Name);
            using var response = await account.Http.PostAsJsonAsync($"batches/{id}/approvals", await HttpDecisions.SignAsync(account.Http, officer, id));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        await WaitForBatchAsync(serve, "published");
        Assert.That(File.Exists(Path.Combine(HighSide.FilesMirror, "patch.bin")), Is.True);

        var term = await serve.TerminateAsync();
        Assert.That(term.ExitCode, Is.Zero);
        await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));
        // 143 is System.CommandLine's exit code for a SIGTERM it handled; the host's own shutdown log proves it stopped cleanly.
        Assert.That(serve.ExitCode, Is.AnyOf(0, 143));
        var log = string.Concat(Directory.EnumerateFiles(HighSide.Data.LogsDirectory, "highside-*.jsonl").Select(File.ReadAllText));
        Assert.That(log, Does.Contain("Application is shutting down"));
    }

    [Test]
    public async Task Serve_ApprovalWithForeignSignature_ProblemDetailsWithReasonCode()
    {
        var id = (await HighSide.ImportAsync(await Scenario.WriteSimpleVolumeAsync())).Id;
        var officer = await HighSide.AddOfficerAsync("carol");
        await HighSide.AddOfficerAsync("dave");
        await using var serve = await StartServeAsync(_environment);
        using var carol = await HighSideAccount.SignedInAsync(HighSide.Cli, _baseAddress, "carol", "officer", "carol");

        using var response = await carol.Http.PostAsJsonAsync($"batches/{id}/approvals",
            await HttpDecisions.SignAsync(carol.Http, officer, "site-a-000001", "site-a-000077"));

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(problem.GetProperty("reason").GetString(), Is.EqualTo(ApprovalReasons.WrongBatch));
        await serve.KillAsync();
    }

    [Test]
    public async Task Serve_KilledWithApprovedBatch_RestartRequeuesAndPublishes()
    {
        var id = await PublishedBatchFlow.ImportAndApproveAsync(HighSide, await WriteFileBatchAsync());
        var slow = new Dictionary<string, string>(_environment) { ["HIGHSIDE__Publish__Schedule"] = "0 0 0 1 1 ? 2099" };
        await using (var first = await StartServeAsync(slow))
        {
            await first.KillAsync();
        }

        await using var second = await StartServeAsync(slow);

        await WaitForBatchAsync(second, "published");
        Assert.That(File.Exists(Path.Combine(HighSide.FilesMirror, "patch.bin")), Is.True, $"batch {id} published by the start-up re-queue");
        await second.KillAsync();
    }

    // Files only: these tests run without a registry.
    private async Task<string> WriteFileBatchAsync()
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, "patch.bin", 300_000, seed: 2);
        return (await Scenario.WriteAsync([file])).VolumeDirectories[0];
    }

    /// <summary>`highside serve` with <paramref name="environment"/>, once its health endpoint answers.</summary>
    private Task<DaemonProcess> StartServeAsync(IReadOnlyDictionary<string, string> environment) =>
        ProductExecutable.HighSide(environment)
            .WithData(HighSide.Data.Root)
            .StartServeAsync(new Uri(_baseAddress, "health"), Patience);

    // Reads batches as a person with the auditor role, signed in once per test.
    private async Task<HighSideAccount> AuditorAsync() =>
        _auditor ??= await HighSideAccount.SignedInAsync(HighSide.Cli, _baseAddress, "audrey", "auditor");

    private async Task<string> WaitForBatchAsync(DaemonProcess serve, string state)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.That(serve.HasExited, Is.False, () => "serve exited: " + serve.Output);
            var batches = await (await AuditorAsync()).Http.GetFromJsonAsync<JsonElement>("batches");
            foreach (var batch in batches.EnumerateArray())
            {
                if (batch.GetProperty("state").GetString() == state)
                {
                    return batch.GetProperty("id").GetString()!;
                }
            }

            Assert.That(clock.Elapsed, Is.LessThan(Patience), $"no batch became {state}: {batches}");
            await Task.Delay(200);
        }
    }
}
