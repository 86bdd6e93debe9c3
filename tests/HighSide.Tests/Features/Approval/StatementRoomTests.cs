using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Batches;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Approval;

/// <summary>
/// A statement holds at most 1 MiB, and officers must always be able to reject a batch: a plan whose lines leave no
/// room for the longest rejection is refused at import, and an approval whose waivers do not fit is refused before
/// anyone signs it. Found with `bench/files.sh --files 200000 --artifacts 20000`: such a batch could be neither
/// approved nor rejected.
/// </summary>
[TestFixture]
public sealed class StatementRoomTests
{
    // The longest name each file artifact gets here (ART-21 admits 255 bytes); every plan line is "file MIRROR/NAME sha256:HEX",
    // all ASCII, and the file mirror's path is long, so that a plan of 1 MiB takes a few hundred artifacts.
    private const int NameLength = 250;

    private BatchScenario _scenario = null!;
    private TempDirectory _temp = null!;
    private HighSideHarness _highSide = null!;
    private OfficerKey _carol = null!;
    private string _mirror = null!;

    [SetUp]
    public void SetUp()
    {
        _scenario = new BatchScenario();
        _temp = new TempDirectory("statement-room");
        _mirror = Path.Combine([_temp.Path, .. Enumerable.Repeat(new string('m', 200), 17)]);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_highSide is not null)
        {
            await _highSide.DisposeAsync();
        }

        _temp.Dispose();
        _scenario.Dispose();
    }

    [Test]
    public async Task Import_SignedBatchWhosePlanLeavesNoRoomForARejection_RefusedPublishPlanTooLarge()
    {
        await StartAsync();
        // The low side's signing key, used as a hostile low side would: long names until the plan is one byte too long.
        var volume = await WritePlanAsync(ApprovalStatement.MaxPlanBytes + 1);

        var result = await _highSide.ImportAsync(volume);

        Assert.That(result.ReasonCode, Is.EqualTo(PublishReasons.PlanTooLarge), result.Message);
        Assert.That(result.State, Is.EqualTo(BatchStates.Refused));
        Assert.That(result.Message, Does.Contain($"{ApprovalStatement.MaxPlanBytes + 1} bytes"));
        var record = await _highSide.Get<BatchRepository>().FindAsync(result.Id, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.Refused));
    }

    [Test]
    public async Task Reject_PlanAtTheLimit_TheLongestReasonFitsAndEndsTheBatch()
    {
        await StartAsync();
        var imported = await _highSide.ImportAsync(await WritePlanAsync(ApprovalStatement.MaxPlanBytes));
        var batchId = imported.Id;
        var shown = await _highSide.Get<BatchQueries>().ShowAsync(batchId, CancellationToken.None);
        Assert.That(shown.Value?.Batch.State, Is.EqualTo(BatchStates.AwaitingApproval), $"{imported.State} {imported.Message} {shown.Error}");
        var detail = shown.Value!;
        Assert.That(ApprovalStatement.PlanBytes(detail.PublishPlan), Is.EqualTo(ApprovalStatement.MaxPlanBytes));
        // Three UTF-8 bytes a character: the longest reason a rejection may give.
        var reason = new string('\u20ac', ApprovalStatement.MaxReasonLength);

        var statement = await Approvals.StatementAsync(batchId, Decisions.Reject, reason, CancellationToken.None);
        using var key = _carol.Load();
        var rejected = await Approvals.SignAndSubmitAsync(batchId, Decisions.Reject, reason, key, CancellationToken.None);

        Assert.That(statement.Error, Is.Null);
        Assert.That(statement.Value!.ByteCount, Is.LessThanOrEqualTo(ApprovalStatement.MaxBytes).And.GreaterThan(ApprovalStatement.MaxPlanBytes),
            statement.Error?.ToString());
        Assert.That(rejected.Value?.State, Is.EqualTo(BatchStates.Rejected), rejected.Error?.ToString());
    }

    [Test]
    public async Task Approve_WaiversOverflowTheStatement_RefusedStatementTooLargeBeforeSigningAndTheBatchCanStillBeRejected()
    {
        var database = TestSignatures.WriteDatabase(_temp.Combine("clamav"));
        await StartAsync(json =>
        {
            json["Scanning"] = new JsonObject { ["ClamAv"] = new JsonObject { ["Database"] = database, ["MaxFileSizeMiB"] = 1 } };
            json["Policy"]!["Scan"] = new JsonObject { ["BlockAt"] = "High" };
        });
        // The first twelve artifacts are too large for ClamAV to scan in full: twelve blocking findings, whose ids name them, to
        // waive in more than the 4,096 bytes the plan leaves.
        var batchId = (await _highSide.ImportAsync(await WritePlanAsync(ApprovalStatement.MaxPlanBytes, largeFiles: 12))).Id;
        var record = await _highSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.BlockedByScan), record.WaitingFor);

        var statement = await Approvals.StatementAsync(batchId, Decisions.Approve, null, CancellationToken.None);
        using var key = _carol.Load();
        var approved = await Approvals.SignAndSubmitAsync(batchId, Decisions.Approve, null, key, CancellationToken.None);
        var rejected = await Approvals.SignAndSubmitAsync(batchId, Decisions.Reject, "too large to waive", key, CancellationToken.None);

        Assert.That(statement.Error?.Code, Is.EqualTo(ApprovalReasons.StatementTooLarge),
            () => $"{statement.Value?.ByteCount} bytes with {statement.Value?.Waivers.Count} waiver(s)");
        Assert.That(statement.Error!.Message, Does.Contain("12 waiver(s)"));
        Assert.That(approved.Error?.Code, Is.EqualTo(ApprovalReasons.StatementTooLarge));
        Assert.That(rejected.Value?.State, Is.EqualTo(BatchStates.Rejected), rejected.Error?.ToString());
    }

    [Test]
    public async Task Reject_PlanLengthenedByTheMirrorSettingsAfterImport_RefusedPublishPlanTooLargeUntilTheyAreShortened()
    {
        await StartAsync();
        var batchId = (await _highSide.ImportAsync(await WritePlanAsync(ApprovalStatement.MaxPlanBytes))).Id;
        ProductExecutable WithFilesMirror(string path) =>
            ProductExecutable.HighSide(new Dictionary<string, string> { ["HIGHSIDE__Mirrors__Files"] = path }).WithData(_highSide.Data.Root);

        // An operator moves the file mirror one directory deeper: every line grows, and no statement holds the plan.
        var deeper = WithFilesMirror(Path.Combine(_mirror, "deeper"));
        var lengthened = await deeper.RunAsync("batch", "statement", batchId, "--reject", "why");
        var shown = await deeper.RunAsync("batch", "show", batchId);
        // What docs/operations.md says to do: shorter mirror paths for the time of one rejection.
        var rejected = await WithFilesMirror("/m")
            .RunAsync("reject", batchId, "--officer", "carol", "--key", _carol.SecretKeyFile, "--reason", "plan too long");

        Assert.That(lengthened.ExitCode, Is.Not.Zero, lengthened.ToString());
        Assert.That(lengthened.StandardError, Does.Contain($"[{PublishReasons.PlanTooLarge}]"));
        Assert.That(shown.StandardOutput, Does.Contain("officers could neither approve nor reject it"), "what an officer reads in batch show");
        Assert.That(rejected.ExitCode, Is.Zero, rejected.ToString());
        var record = await _highSide.Get<BatchRepository>().FindAsync(batchId, CancellationToken.None);
        Assert.That(record!.State, Is.EqualTo(BatchStates.Rejected));
    }

    private ApprovalService Approvals => _highSide.Get<ApprovalService>();

    private async Task StartAsync(Action<JsonObject>? configure = null)
    {
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, json =>
        {
            json["Mirrors"]!["Files"] = _mirror;
            configure?.Invoke(json);
        });
        await _highSide.TrustAsync(_scenario.Key.PublicKey, "site-a");
        _carol = await _highSide.AddOfficerAsync("carol");
        await _highSide.AddOfficerAsync("dave");
    }

    /// <summary>
    /// A signed one-volume batch of file artifacts whose plan takes exactly <paramref name="planBytes"/> in a statement;
    /// the first <paramref name="largeFiles"/> hold 1.5 MiB each, the others 64 bytes.
    /// </summary>
    private async Task<string> WritePlanAsync(long planBytes, int largeFiles = 0)
    {
        // "publish: file " MIRROR "/" NAME " sha256:" 64 hex digits, LF.
        long around = "publish: file ".Length + _mirror.Length + 1 + 1 + 71 + 1;
        // As few lines as names of NameLength allow; the names share what is left after the lines' other parts, evenly.
        var count = (planBytes + around + NameLength - 1) / (around + NameLength);
        var names = planBytes - (count * around);
        var lengths = Enumerable.Range(0, (int)count).Select(i => (names / count) + (i < names % count ? 1 : 0)).ToList();
        var artifacts = new List<BatchArtifactInput>();
        foreach (var (length, index) in lengths.Select((l, i) => (l, i)))
        {
            var prefix = $"f{index:D4}-";
            var name = prefix + new string('a', (int)length - prefix.Length);
            artifacts.Add(await SampleArtifacts.AddFileAsync(_scenario.Store, name, index < largeFiles ? 3L * 512 * 1024 : 64, seed: index + 1));
        }

        return (await _scenario.WriteAsync(artifacts)).VolumeDirectories.Single();
    }
}
