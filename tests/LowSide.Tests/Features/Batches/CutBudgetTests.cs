using TransferPipeline.LowSide.Features.Batches;

namespace TransferPipeline.LowSide.Tests.Features.Batches;

[TestFixture]
internal sealed class CutBudgetTests
{
    [Test]
    public void Take_FirstRequestAboveBothBudgets_TakenAlone() =>
        Assert.That(new CutBudget(10, 2).Take([("big", 50, 5), ("small", 1, 1)]), Is.EqualTo(new[] { "big" }));

    [Test]
    public void Take_AChartsImagesCountAsItsArtifacts_StopsWhereTheyWouldPassTheBudget() =>
        Assert.That(new CutBudget(100, 5).Take([("file", 1, 1), ("chart", 4, 4), ("later", 1, 1)]), Is.EqualTo(new[] { "file", "chart" }));

    [Test]
    public void Take_ARequestDoesNotFit_LaterSmallerOnesWaitToo() =>
        Assert.That(new CutBudget(10, 100).Take([("a", 6, 1), ("b", 6, 1), ("c", 1, 1)]), Is.EqualTo(new[] { "a" }));

    [Test]
    public void Take_ExactlyAtBothBudgets_TakesAll() =>
        Assert.That(new CutBudget(4, 2).Take([("a", 2, 1), ("b", 2, 1)]), Is.EqualTo(new[] { "a", "b" }));
}
