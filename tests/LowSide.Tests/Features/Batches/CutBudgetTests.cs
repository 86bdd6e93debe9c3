using TransferPipeline.LowSide.Features.Batches;

namespace TransferPipeline.LowSide.Tests.Features.Batches;

[TestFixture]
internal sealed class CutBudgetTests
{
    [Test]
    public void Take_FirstRequestAboveBothBudgets_TakenAlone() =>
        Assert.That(new CutBudget(10, 2).Take([("big", 50, 5, 0), ("small", 1, 1, 0)]), Is.EqualTo(new[] { "big" }));

    [Test]
    public void Take_AChartsImagesCountAsItsArtifacts_StopsWhereTheyWouldPassTheBudget() =>
        Assert.That(new CutBudget(100, 5).Take([("file", 1, 1, 0), ("chart", 4, 4, 0), ("later", 1, 1, 0)]), Is.EqualTo(new[] { "file", "chart" }));

    [Test]
    public void Take_ARequestDoesNotFit_LaterSmallerOnesWaitToo() =>
        Assert.That(new CutBudget(10, 100).Take([("a", 6, 1, 0), ("b", 6, 1, 0), ("c", 1, 1, 0)]), Is.EqualTo(new[] { "a" }));

    [Test]
    public void Take_PlanEstimatePastTheStatementsRoom_TheRestWait() =>
        Assert.That(new CutBudget(100, 100, 1000).Take([("a", 1, 1, 400), ("b", 1, 1, 500), ("c", 1, 1, 200)]), Is.EqualTo(new[] { "a", "b" }));

    [Test]
    public void Take_FirstRequestsPlanAboveTheBudget_TakenAlone() =>
        Assert.That(new CutBudget(100, 100, 1000).Take([("long", 1, 1, 5000), ("short", 1, 1, 10)]), Is.EqualTo(new[] { "long" }));

    [Test]
    public void Take_ExactlyAtEveryBudget_TakesAll() =>
        Assert.That(new CutBudget(4, 2, 600).Take([("a", 2, 1, 300), ("b", 2, 1, 300)]), Is.EqualTo(new[] { "a", "b" }));
}
