using TransferPipeline.Shared.Scanning;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Shared.Tests.Scanning.Hooks;

/// <summary>A fresh <see cref="HookScenario"/> per test, and the checks every hook test makes.</summary>
internal abstract class HookFixture
{
    protected HookScenario Scenario { get; private set; } = null!;

    [SetUp]
    public void CreateScenario() => Scenario = new HookScenario();

    [TearDown]
    public void DisposeScenario() => Scenario.Dispose();

    /// <summary>Failed with <paramref name="failure"/>, reason scanner-failed, no findings, one line naming the scanner.</summary>
    internal static void AssertFailed(ScannerRunResult result, ScannerFailure failure, string message)
    {
        Assert.That(result.Succeeded, Is.False, "a failed scanner must not look clean");
        Assert.That(result.Failure, Is.EqualTo(failure), result.Message);
        Assert.That(result.ReasonCode, Is.EqualTo("scanner-failed"));
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Message, Does.StartWith("hook:site-scanner: ").And.Contain(message));
        Assert.That(result.Message, Does.Not.Contain('\n'));
    }

    /// <summary>The findings of a scanner writing the fixture <paramref name="name"/>; the run must succeed.</summary>
    protected async Task<IReadOnlyList<ScanFinding>> FixtureFindingsAsync(string name, ScannerOutputFormat format)
    {
        var result = await Scenario.RunAsync(Scenario.Emitting(HookScenario.Fixture(name), format));
        Assert.That(result.Succeeded, Is.True, result.Message);
        return result.Findings;
    }

    protected Task<ScannerRunResult> RunDocumentAsync(string document, ScannerOutputFormat format) =>
        Scenario.RunAsync(Scenario.EmittingText(document, format));
}
