using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>The `Import` section is checked at start: a value out of range stops the daemon and every command reading it, naming the setting.</summary>
public sealed class ImportOptionsValidatorTests
{
    [TestCase("MaxClockSkew", "-00:00:01")]
    [TestCase("MaxClockSkew", "30.00:00:01")]
    [TestCase("KeepRefusedDays", "-1")]
    [TestCase("KeepRefusedDays", "3651")]
    [TestCase("MaxQuarantineBytes", "0")]
    public void Start_ImportOptionOutOfRange_RefusedNamingIt(string option, string value)
    {
        var ex = Assert.CatchAsync(async () => await HighSideHarness.CreateAsync(new FakeTimeProvider(), json => json["Import"]![option] = value));

        Assert.That(ex!.Message, Does.Contain($"configuration Import:{option}"));
    }

    [Test]
    public async Task Start_ImportOptionsAtTheirDefaults_Accepted()
    {
        await using var highSide = await HighSideHarness.CreateAsync(new FakeTimeProvider());

        var options = highSide.Options<ImportOptions>();

        Assert.That(options.MaxClockSkew, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(options.KeepRefusedDays, Is.EqualTo(14));
        Assert.That(options.MaxQuarantineBytes, Is.Null);
        Assert.That(highSide.Get<QuarantineSpace>().MaxBytes, Is.EqualTo(4 * highSide.Options<PolicyOptions>().MaxBatchBytes));
    }
}
