using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Pipeline;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Pipeline;

/// <summary>A batch's life is declared once: gates plug in by registration, and recovery and the docs follow from the list.</summary>
[TestFixture]
internal sealed partial class BatchLifecycleTests
{
    [GeneratedRegex("```mermaid\n(?<diagram>stateDiagram-v2\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    [Test]
    public async Task Diagram_IsTheOneInTheArchitectureDocument()
    {
        await using var highSide = await HighSideHarness.CreateAsync(TimeProvider.System);
        var document = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));

        var documented = MermaidBlock().Match(document).Groups["diagram"].Value;

        Assert.That(documented, Is.EqualTo(highSide.Get<BatchLifecycle>().Diagram()),
            "docs/architecture.md shows a state diagram that is not the one the code declares; paste the generated one");
    }

    [Test]
    public async Task Steps_CoverEveryStateABatchCanRestIn()
    {
        await using var highSide = await HighSideHarness.CreateAsync(TimeProvider.System);
        var steps = highSide.Get<BatchLifecycle>().Steps;

        var reachable = steps.SelectMany(s => s.Transitions).SelectMany(t => new[] { t.From, t.To }).OfType<string>().ToHashSet();
        var resumed = steps.Where(s => s.ResumeAsync is not null).SelectMany(s => s.States);

        Assert.That(reachable, Is.SupersetOf(BatchStates.All));
        Assert.That(resumed, Is.EquivalentTo(BatchStates.All.Except(BatchStates.Final)), "every state that is not final is picked up after a restart");
    }

    [Test]
    public async Task Gate_RegisteredAfterApproval_HoldsAnApprovedBatchAndAppearsInTheDiagram()
    {
        using var scenario = new BatchScenario();
        var gate = new TestGate();
        await using var highSide = await HighSideHarness.CreateAsync(scenario.Clock, services: s => s.AddSingleton<IBatchGate>(gate));
        await highSide.TrustAsync(scenario.Key.PublicKey, "site-a");
        var batch = await highSide.ImportAsync(await scenario.WriteSimpleVolumeAsync());
        var carol = await highSide.AddOfficerAsync("carol");
        var dave = await highSide.AddOfficerAsync("dave");

        await highSide.ApproveAsync(batch.Id, carol);
        var approved = await highSide.ApproveAsync(batch.Id, dave);

        Assert.That(approved.Value!.State, Is.EqualTo(TestGate.Holding), "approval passed, the next gate holds the batch");
        Assert.That(highSide.Get<BatchLifecycle>().Diagram(), Does.Contain("awaiting_approval --> test_holding : approval passes"));
        gate.Verdict = GateVerdict.Refuse(new Failure("test-refused", "the test gate refuses"));
        var refused = await highSide.Get<BatchPipeline>().AdvanceAsync(batch.Id, CancellationToken.None);
        Assert.That((refused!.State, refused.ReasonCode), Is.EqualTo((BatchStates.Refused, "test-refused")));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TransferPipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no repository above " + AppContext.BaseDirectory);
    }

    private sealed class TestGate : IBatchGate
    {
        public const string Holding = "test-holding";

        public GateVerdict Verdict { get; set; } = GateVerdict.Hold("the test");

        public string Name => "test";

        public string HoldState => Holding;

        public string RefusedState => BatchStates.Refused;

        public Task<GateVerdict> EvaluateAsync(BatchRecord batch, CancellationToken cancellationToken) => Task.FromResult(Verdict);
    }
}
