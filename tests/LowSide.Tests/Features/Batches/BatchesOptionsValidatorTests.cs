using TransferPipeline.LowSide.Features.Batches;

namespace TransferPipeline.LowSide.Tests.Features.Batches;

/// <summary>Batches:Recovery is a percentage of each volume's bytes: 0 (no recovery data) to 100; Batches:MediaRoots are absolute.</summary>
public sealed class BatchesOptionsValidatorTests
{
    [TestCase(-1, false)]
    [TestCase(0, true)]
    [TestCase(5, true)]
    [TestCase(100, true)]
    [TestCase(101, false)]
    public void Validate_RecoveryPercent_OnlyZeroToHundred(int percent, bool valid)
    {
        var result = new BatchesOptionsValidator().Validate(new BatchesOptions { Recovery = percent });

        Assert.That(result.IsValid, Is.EqualTo(valid), result.ToString());
        if (!valid)
        {
            Assert.That(result.Errors.Single().PropertyName, Is.EqualTo(nameof(BatchesOptions.Recovery)));
        }
    }

    [TestCase("/media", true)]
    [TestCase("media", false)]
    [TestCase("/", false)]
    [TestCase("/media/..", false)]
    public void Validate_MediaRoot_OnlyAnAbsoluteDirectoryOtherThanTheRoot(string root, bool valid) =>
        Assert.That(new BatchesOptionsValidator().Validate(new BatchesOptions { MediaRoots = [root] }).IsValid, Is.EqualTo(valid));
}
