using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>For each test: a fresh batch scenario and an initialised high side that trusts its site key.</summary>
public abstract class HighSideScenarioTests
{
    protected BatchScenario Scenario { get; private set; } = null!;

    private protected HighSideHarness HighSide { get; private set; } = null!;

    [SetUp]
    public async Task CreateHighSideAsync()
    {
        Scenario = new BatchScenario();
        HighSide = await HighSideHarness.CreateAsync(Scenario.Clock);
        await HighSide.TrustAsync(Scenario.Key.PublicKey, "site-a");
    }

    [TearDown]
    public async Task DisposeHighSideAsync()
    {
        await HighSide.DisposeAsync();
        Scenario.Dispose();
    }
}
