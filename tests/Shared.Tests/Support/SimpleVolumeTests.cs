using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>For each test: a fresh <see cref="BatchScenario"/> and one volume it wrote (an image and a file).</summary>
internal abstract class SimpleVolumeTests
{
    protected BatchScenario Scenario { get; private set; } = null!;

    /// <summary>The volume under test; a test may point it at another volume it wrote.</summary>
    protected string Volume { get; set; } = null!;

    [SetUp]
    public async Task WriteSimpleVolumeAsync()
    {
        Scenario = new BatchScenario();
        Volume = await Scenario.WriteSimpleVolumeAsync();
    }

    [TearDown]
    public void DisposeScenario() => Scenario.Dispose();

    /// <summary>Verifies <see cref="Volume"/> and asserts it is refused for <paramref name="expected"/>, with a message.</summary>
    protected async Task AssertRejectedAsync(
        BatchRejectionReason expected,
        BatchLimits? limits = null,
        IReadOnlyCollection<TrustedSigningKey>? trusted = null)
    {
        var result = await Scenario.VerifyAsync(Volume, limits, trusted);
        Assert.That(result.IsValid, Is.False, "the tampered volume was accepted");
        Assert.That(result.Reason, Is.EqualTo(expected), result.Message);
        Assert.That(result.Message, Is.Not.Empty);
    }
}
