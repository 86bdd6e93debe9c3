using TransferPipeline.HighSide.Features.Audit;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Setup;

public sealed class InitServiceTests
{
    [Test]
    public async Task Initialize_NewDataDirectory_LeavesItsFirstEntryCoveredByASignedCheckpoint()
    {
        await using var highSide = await HighSideHarness.CreateAsync(new FakeTimeProvider());

        var result = await highSide.Get<AuditService>().VerifyAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(AuditVerificationStatus.Valid), result.Message);
            Assert.That(result.EntriesVerified, Is.EqualTo(1));
            Assert.That(result.CheckpointsVerified, Is.EqualTo(2), "in the table and in the side file");
        }
    }
}
