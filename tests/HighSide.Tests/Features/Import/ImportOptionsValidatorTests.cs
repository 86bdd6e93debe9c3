using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Import;

/// <summary>The `Import` section is checked at start: a value out of range stops every command and the daemon, naming the setting.</summary>
public sealed class ImportOptionsValidatorTests
{
    [TestCase("MaxClockSkew", "-00:00:01")]
    [TestCase("MaxClockSkew", "30.00:00:01")]
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
    }
}
