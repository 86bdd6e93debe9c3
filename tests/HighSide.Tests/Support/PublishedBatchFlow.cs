using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>The path every publish test takes: import, two officers approve, publish.</summary>
internal static class PublishedBatchFlow
{
    public static async Task<string> ImportAndApproveAsync(HighSideHarness highSide, string volume)
    {
        var result = await highSide.ImportAsync(volume);
        Assert.That(result.State, Is.EqualTo(BatchStates.AwaitingApproval), result.Message);
        await ApproveAsync(highSide, result.Id);
        return result.Id;
    }

    public static async Task ApproveAsync(HighSideHarness highSide, string batchId)
    {
        string[] names = ["carol", "dave"];
        foreach (var name in names.Where(n => highSide.Officers.All(o => o.Name != n)))
        {
            await highSide.AddOfficerAsync(name);
        }

        foreach (var officer in highSide.Officers.Where(o => names.Contains(o.Name)))
        {
            var outcome = await highSide.ApproveAsync(batchId, officer);
            Assert.That(outcome.IsOk, Is.True, outcome.Error?.ToString());
        }
    }

    public static async Task<PublishResult> PublishAsync(HighSideHarness highSide, string batchId)
    {
        var outcome = await highSide.Get<PublishService>().PublishAsync(batchId, CancellationToken.None);
        Assert.That(outcome.IsOk, Is.True, outcome.Error?.ToString());
        return outcome.Value!;
    }
}
