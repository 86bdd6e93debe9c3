using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Kinds;
using TransferPipeline.HighSide.Kinds.File;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Publishing;

/// <summary>
/// A decision recorded while a batch is being published (THREATS 33, issue 12 item 6): the file mirror's
/// publisher runs the officers' action right after its first push, the way a rejection submitted through the
/// API lands between two artifacts, and the second artifact must not reach the mirror. The operator's edits of the
/// approvals with the database's own client land there too: a publishing run reads each statement once, and must
/// still see a row changed or removed under it.
/// </summary>
[OnBothProviders]
public sealed class PublishInterruptionTests(DatabaseProvider provider)
{
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;
    private InterleavedPublisher _interleaved = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _interleaved = new InterleavedPublisher();
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, services: services => services.AddKeyedSingleton<IArtifactPublisher>(
            ArtifactKinds.File,
            (services, _) => _interleaved.Wrap(ActivatorUtilities.CreateInstance<FilePublisher>(services))), provider: provider);
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _scenario.Dispose();
    }

    [Test]
    public async Task Publish_RejectionRecordedAfterTheFirstArtifact_StoppedBeforeTheSecondAndBatchRejected()
    {
        var id = await ApprovedBatchOfTwoFilesAsync();
        _interleaved.AfterFirstPush = async () =>
        {
            using var key = _highSide.Officers.Single(o => o.Name == "erin").Load();
            var rejected = await _highSide.Get<ApprovalService>().SignAndSubmitAsync(id, Decisions.Reject, "wrong patch", key, CancellationToken.None);
            Assert.That(rejected.IsOk, Is.True, rejected.Error?.ToString());
        };

        var publish = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That((await StoppedBeforeTheSecondAsync(publish, id)).State, Is.EqualTo(BatchStates.Rejected));
        Assert.That(await _highSide.AuditEntriesAsync("publish.stopped"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Publish_ApproverDisabledAfterTheFirstArtifact_StoppedBeforeTheSecondAndBatchWaitsForApproval()
    {
        var id = await ApprovedBatchOfTwoFilesAsync();
        _interleaved.AfterFirstPush = async () =>
        {
            var officers = _highSide.Officers;
            var disabled = await _highSide.ChangeRosterAsync(new DisableOfficer("dave"), [.. officers.Where(o => o.Name != "dave")]);
            Assert.That(disabled.Value?.State, Is.EqualTo(RosterProposal.InForce), disabled.Error?.ToString());
        };

        var publish = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That((await StoppedBeforeTheSecondAsync(publish, id)).State, Is.EqualTo(BatchStates.AwaitingApproval));
    }

    [Test]
    public async Task Publish_OperatorAltersAnApprovalsStatementAfterTheFirstArtifact_StoppedBeforeTheSecondStatementMalformed()
    {
        var id = await ApprovedBatchOfTwoFilesAsync();
        _interleaved.AfterFirstPush = () => OperatorSql().RunAsync("UPDATE approvals SET statement = statement || 'x' WHERE officer = 'dave';");

        var publish = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        var batch = await StoppedBeforeTheSecondAsync(publish, id);
        Assert.That(publish.Error!.Message, Does.Contain($"dave: {ApprovalReasons.StatementMalformed}"));
        Assert.That((batch.State, batch.ReasonCode), Is.EqualTo((BatchStates.AwaitingApproval, ApprovalReasons.Insufficient)));
    }

    [Test]
    public async Task Publish_OperatorDeletesAnApprovalAfterTheFirstArtifact_StoppedBeforeTheSecondApprovalsInsufficient()
    {
        var id = await ApprovedBatchOfTwoFilesAsync();
        _interleaved.AfterFirstPush = () => OperatorSql().RunAsync("DELETE FROM approvals WHERE officer = 'dave';");

        var publish = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        var batch = await StoppedBeforeTheSecondAsync(publish, id);
        Assert.That(publish.Error!.Message, Does.Contain("1 valid approval(s) of 2"));
        Assert.That((batch.State, batch.ReasonCode), Is.EqualTo((BatchStates.AwaitingApproval, ApprovalReasons.Insufficient)));
    }

    [Test]
    public async Task Publish_OperatorCopiesAnApprovalAsARejectionAfterTheFirstArtifact_StoppedBeforeTheSecondAndBatchRejected()
    {
        var id = await ApprovedBatchOfTwoFilesAsync();
        _interleaved.AfterFirstPush = () => OperatorSql().RunAsync(
            "INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, recorded_utc, statement) "
            + "SELECT batch_id, 'reject', key_id, officer, 'stop it', signature, recorded_utc, statement FROM approvals WHERE officer = 'dave';");

        var publish = await _highSide.Get<PublishService>().PublishAsync(id, CancellationToken.None);

        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.Stopped), publish.Error?.ToString());
        Assert.That(_interleaved.Pushed, Is.EqualTo(["first.bin"]));
        Assert.That(File.Exists(Path.Combine(_highSide.FilesMirror, "second.bin")), Is.False);
        Assert.That((await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!.State, Is.EqualTo(BatchStates.Rejected));
    }

    // Stopped with the first file in the mirror and not the second; the batch's row as it was left.
    private async Task<BatchRecord> StoppedBeforeTheSecondAsync(Outcome<PublishResult> publish, string id)
    {
        Assert.That(publish.Error?.Code, Is.EqualTo(PublishReasons.Stopped), publish.Error?.ToString());
        Assert.That(_interleaved.Pushed, Is.EqualTo(["first.bin"]));
        Assert.That(File.Exists(Path.Combine(_highSide.FilesMirror, "second.bin")), Is.False);
        return (await _highSide.Get<BatchRepository>().FindAsync(id, CancellationToken.None))!;
    }

    // The client an operator with the service account would open on the site's database.
    private OperatorSqlShell OperatorSql() =>
        OperatorSqlShell.For(provider, _highSide.Data.DatabaseFile, SideDatabase.Options(_highSide.Get<IConfiguration>()).ConnectionString);

    // carol and dave approve; erin is the third officer who can reject or co-sign dave's removal.
    private async Task<string> ApprovedBatchOfTwoFilesAsync()
    {
        var first = await SampleArtifacts.AddFileAsync(_scenario.Store, "first.bin", 30_000, seed: 1);
        var second = await SampleArtifacts.AddFileAsync(_scenario.Store, "second.bin", 30_000, seed: 2);
        var written = await _scenario.WriteAsync([first, second]);
        var id = await PublishedBatchFlow.ImportAndApproveAsync(_highSide, written.VolumeDirectories[0]);
        await _highSide.AddOfficerAsync("erin");
        return id;
    }

    private sealed class InterleavedPublisher
    {
        public Func<Task>? AfterFirstPush { get; set; }

        public List<string> Pushed { get; } = [];

        public IArtifactPublisher Wrap(IArtifactPublisher inner) => new Publisher(inner, this);

        private sealed class Publisher(IArtifactPublisher inner, InterleavedPublisher owner) : IArtifactPublisher
        {
            public void Prepare() => inner.Prepare();

            public string PlanLine(ArtifactDescription artifact) => inner.PlanLine(artifact);

            public async Task PublishAsync(string quarantineId, ArtifactDescription artifact, CancellationToken cancellationToken)
            {
                await inner.PublishAsync(quarantineId, artifact, cancellationToken);
                owner.Pushed.Add(artifact.Name);
                if (owner.Pushed.Count == 1 && owner.AfterFirstPush is { } action)
                {
                    await action();
                }
            }
        }
    }
}
