using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// For each test: a fresh batch scenario and an initialised high side that trusts its site key, its state on
/// <paramref name="provider"/> (a deriving fixture marked <see cref="OnBothProvidersAttribute"/> passes each in turn).
/// </summary>
public abstract class HighSideScenarioTests(DatabaseProvider provider = DatabaseProvider.Sqlite)
{
    /// <summary>Where this run of the fixture keeps the high side's state.</summary>
    protected DatabaseProvider Provider { get; } = provider;

    protected BatchScenario Scenario { get; private set; } = null!;

    private protected HighSideHarness HighSide { get; private set; } = null!;

    /// <summary>
    /// True where the test runs the real `highside` as a child process: the child reads the real clock,
    /// so batches and approvals must be fresh for it too.
    /// </summary>
    protected virtual bool UsesRealClock => false;

    /// <summary>The registry the high side publishes images to; none by default.</summary>
    protected virtual Uri? RegistryUri => null;

    [SetUp]
    public async Task CreateHighSideAsync()
    {
        Scenario = new BatchScenario();
        if (UsesRealClock)
        {
            Scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        }

        HighSide = await HighSideHarness.CreateAsync(Scenario.Clock, registryUrl: RegistryUri?.ToString().TrimEnd('/'), provider: Provider);
        await HighSide.TrustAsync(Scenario.Key.PublicKey, "site-a");
    }

    /// <summary>A one-volume batch of one small file with this sequence, in a media folder of its own.</summary>
    protected async Task<string> WriteFileBatchAsync(long sequence)
    {
        var file = await SampleArtifacts.AddFileAsync(Scenario.Store, $"file-{sequence}.bin", 20_000, seed: (int)sequence);
        return await Scenario.WriteVolumeAsync(sequence, [file]);
    }

    /// <summary><see cref="WriteFileBatchAsync"/>, imported in-process; fails the test if it is refused. Returns the volume.</summary>
    protected async Task<string> ImportFileBatchAsync(long sequence)
    {
        var volume = await WriteFileBatchAsync(sequence);
        var result = await HighSide.ImportAsync(volume);
        Assert.That(result.IsRefused, Is.False, result.Message);
        return volume;
    }

    [TearDown]
    public async Task DisposeHighSideAsync()
    {
        await HighSide.DisposeAsync();
        Scenario.Dispose();
    }
}
