using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>
/// What one publishing run keeps of a batch's decisions between artifacts: each statement's text, read once, and its
/// verification, done once; and what makes it read and verify again.
/// </summary>
public sealed class RecheckedDecisionsTests
{
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;
    private string _batchId = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", 20_000, seed: 3);
        _batchId = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, (await _scenario.WriteAsync([file])).VolumeDirectories[0]);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _scenario.Dispose();
    }

    [Test]
    public async Task Read_TwiceWithTheRowsUnchanged_ReadsEachStatementOnce()
    {
        var rechecked = _highSide.Get<ApprovalTally>().Recheck();

        var first = await rechecked.ReadAsync(_batchId, CancellationToken.None);
        var second = await rechecked.ReadAsync(_batchId, CancellationToken.None);

        Assert.That(first, Has.Count.EqualTo(2));
        Assert.That(first.Select(a => a.Statement), Has.All.Not.Null);
        Assert.That(second.Select(a => a.Statement), Is.EqualTo(first.Select(a => a.Statement)).Using<string>(ReferenceEquals));
    }

    [Test]
    public async Task Verify_TheSameTextAndRosterAgain_VerifiesOnce()
    {
        var (rechecked, context, approval) = await FirstApprovalAsync();

        var first = rechecked.Verify(context, Decisions.Approve, approval, approval.Statement!);
        var again = rechecked.Verify(context, Decisions.Approve, approval, approval.Statement!);

        Assert.That(first.IsOk, Is.True, first.Error?.ToString());
        Assert.That(again.Value, Is.SameAs(first.Value));
    }

    [Test]
    public async Task Read_AfterTheOperatorAltersAStatement_ReadsItAgainAndItNoLongerVerifies()
    {
        var (rechecked, context, before) = await FirstApprovalAsync();
        Assert.That(rechecked.Verify(context, Decisions.Approve, before, before.Statement!).IsOk, Is.True);

        await OperatorSqlShell.For(DatabaseProvider.Sqlite, _highSide.Data.DatabaseFile, null)
            .RunAsync($"UPDATE approvals SET statement = statement || 'x' WHERE id = {before.Id};");
        var after = (await rechecked.ReadAsync(_batchId, CancellationToken.None))[0];
        var verified = rechecked.Verify(context, Decisions.Approve, after, after.Statement!);

        Assert.That(after.Statement, Is.EqualTo(before.Statement + "x"));
        Assert.That(verified.Error?.Code, Is.EqualTo(ApprovalReasons.StatementMalformed));
    }

    [Test]
    public async Task Verify_UnderAnotherRoster_VerifiesAgain()
    {
        var (rechecked, context, approval) = await FirstApprovalAsync();
        var first = rechecked.Verify(context, Decisions.Approve, approval, approval.Statement!);

        var later = context with { Roster = context.Roster with { Sha256 = new string('0', 64) } };
        var again = rechecked.Verify(later, Decisions.Approve, approval, approval.Statement!);

        Assert.That(again.IsOk, Is.True, again.Error?.ToString());
        Assert.That(again.Value, Is.Not.SameAs(first.Value));
    }

    // A run's decisions, what they are checked against, and the first approval as the run read it.
    private async Task<(RecheckedDecisions Rechecked, DecisionContext Context, ApprovalRecord Approval)> FirstApprovalAsync()
    {
        var rechecked = _highSide.Get<ApprovalTally>().Recheck();
        var context = await ContextAsync();
        return (rechecked, context, (await rechecked.ReadAsync(_batchId, CancellationToken.None))[0]);
    }

    private async Task<DecisionContext> ContextAsync()
    {
        var batch = await _highSide.Get<BatchRepository>().FindAsync(_batchId, CancellationToken.None);
        var context = await _highSide.Get<ApprovalTally>().ContextAsync(batch!, CancellationToken.None);
        Assert.That(context.IsOk, Is.True, context.Error?.ToString());
        return context.Value!;
    }
}
