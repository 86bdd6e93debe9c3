using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Insiders;

/// <summary>
/// THREATS 32-33: the people who run the high side try to defeat the two-person rule the way they would,
/// with the `highside` executable, a shell and `sqlite3` on the data directory. Each asserts its reason code.
/// </summary>
public sealed class InsiderAttackTests
{
    private TempDirectory _root = null!;
    private BatchScenario _scenario = null!;
    private ProductExecutable _highside = null!;
    private string _files = null!;
    private string _batchId = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _root = new TempDirectory("insider");
        _scenario = new BatchScenario();
        _scenario.Clock.UtcNow = DateTimeOffset.UtcNow;
        _files = _root.Combine("files");
        _highside = ProductExecutable.HighSide().WithData(_root.Combine("data"));
        await _highside.SucceedAsync("init", "--site", "high-a", "--files", _files, "--no-password");
        var sitePub = _root.Combine("site-a.pub");
        await File.WriteAllTextAsync(sitePub, _scenario.Key.PublicKey.ToFileText());
        await _highside.SucceedAsync("trust", "add", "--site", "site-a", "--key", sitePub);
        await OfficerCeremony.FoundAsync(_highside, _root.Path, "carol", "dave");
        var file = await SampleArtifacts.AddFileAsync(_scenario.Store, "tool.bin", 40_000, seed: 9, requester: "local:carol");
        var volume = (await _scenario.WriteAsync([file])).VolumeDirectories[0];
        await _highside.SucceedAsync("import", volume);
        _batchId = "site-a-000001";
    }

    [TearDown]
    public void TearDown()
    {
        _scenario.Dispose();
        _root.Dispose();
    }

    private string Database => _root.Combine("data", "highside.db");

    [Test]
    public async Task TwinKey_OfficerRegistersHerKeyAgainUnderAnotherNameAndKeyId_RefusedOfficerKeyDuplicate()
    {
        var twin = _root.Combine("carol-hsm.pub");
        await File.WriteAllTextAsync(twin, "untrusted comment: carol's other key\n" + FlipKeyIdByte(MinisignPublicKey.Load(_root.Combine("carol.pub"))) + "\n");

        var proposal = await _highside.RunAsync("officer", "add", "carol-hsm", "--key", twin);

        Assert.That(proposal.ExitCode, Is.EqualTo(1), proposal.ToString());
        Assert.That(proposal.StandardError, Does.Contain($"[{OfficerReasons.KeyDuplicate}]"));
        Assert.That((await _highside.SucceedAsync("officer", "list")).StandardOutput, Does.Not.Contain("carol-hsm"));
    }

    [Test]
    public async Task TwinKey_SignatureNamingAnotherKeyId_CountsAsTheSameOfficer()
    {
        await ApproveOnWorkstationAsync("dave");
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", _root.Combine("dave.key"));
        var signature = await File.ReadAllLinesAsync(statement + ".minisig");
        var bytes = Convert.FromBase64String(signature[1]);
        bytes[2] ^= 0x01;
        signature[1] = Convert.ToBase64String(bytes);
        await File.WriteAllLinesAsync(statement + ".minisig", signature);

        var second = await _highside.RunAsync("approve", _batchId, "--signature", statement + ".minisig");

        Assert.That(second.StandardError, Does.Contain($"[{ApprovalReasons.Duplicate}]"), second.ToString());
        Assert.That(File.Exists(Path.Combine(_files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Requester_OfficerApprovesABatchCarryingHerOwnRequest_RefusedOfficerIsRequester()
    {
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", _root.Combine("carol.key"));

        var approve = await _highside.RunAsync("approve", _batchId, "--signature", statement + ".minisig");

        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.Requester}]"), approve.ToString());
    }

    [Test]
    public async Task Roster_OperatorWritesAVersionWithTwoOfficersOfHisOwn_GivesNoPower()
    {
        // The operator makes two keys, writes roster version 2 naming them, signs it with both, and puts it all in the database.
        foreach (var name in new[] { "mallory", "trent" })
        {
            await _highside.SucceedAsync("officer", "keygen", "--out", _root.Combine(name), "--no-password");
        }

        var current = await Sqlite3Async("SELECT hex(document) FROM roster_documents WHERE state = 'in-force';");
        var document = System.Text.Encoding.UTF8.GetString(Convert.FromHexString(current.Trim()));
        var forged = document
            .Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)
            .Replace(JsonKey("carol"), JsonKey("mallory"), StringComparison.Ordinal)
            .Replace(JsonKey("dave"), JsonKey("trent"), StringComparison.Ordinal);
        Assert.That(forged, Does.Contain(JsonKey("mallory")).And.Contain(JsonKey("trent")).And.Not.Contain(JsonKey("carol")), "the forgery is well made");
        var forgedFile = _root.Combine("forged.json");
        await File.WriteAllTextAsync(forgedFile, forged);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(forged)));
        await Sqlite3Async($"INSERT INTO roster_documents VALUES ('{sha}', 2, readfile('{forgedFile}'), 'in-force', 'x', 'operator', '2026-12-01T00:00:00Z');");
        foreach (var name in new[] { "mallory", "trent" })
        {
            await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", forgedFile, "--key", _root.Combine(name + ".key"));
            var raw = Convert.ToBase64String(MinisignPublicKey.Load(_root.Combine(name + ".pub")).Key.Bytes);
            await Sqlite3Async(
                $"INSERT INTO roster_signatures VALUES ('{sha}', '{raw}', '{name}', CAST(readfile('{forgedFile}.minisig') AS TEXT), '2026-12-01T00:00:00Z');");
        }

        var list = await _highside.SucceedAsync("officer", "list");
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", _root.Combine("mallory.key"));
        var approve = await _highside.RunAsync("approve", _batchId, "--signature", statement + ".minisig");

        Assert.That(list.StandardOutput, Does.StartWith("roster version 1 ").And.Not.Contain("mallory"));
        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.UnknownOfficer}]"), approve.ToString());
    }

    [Test]
    public async Task Roster_OperatorDeletesTheVersionThatDisabledAnOfficer_RefusedRosterRolledBack()
    {
        await OfficerCeremony.AddOfficerAsync(_highside, _root.Path, "erin", ["carol", "dave"]);
        var statement = await StatementAsync();
        var disable = await _highside.SucceedAsync("officer", "disable", "dave");
        await OfficerCeremony.SignProposalAsync(_highside, _root.Path, disable.StandardOutput.Split(' ')[1], ["carol", "erin"]);
        Assert.That((await _highside.SucceedAsync("officer", "list")).StandardOutput, Does.StartWith("roster version 3 ").And.Match("dave .* disabled"));

        // The operator removes version 3 so that dave is active again, and dave signs the statement made under version 2.
        await Sqlite3Async("DELETE FROM roster_signatures WHERE sha256 IN (SELECT sha256 FROM roster_documents WHERE version = 3); "
            + "DELETE FROM roster_documents WHERE version = 3;");
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", _root.Combine("dave.key"));
        var approve = await _highside.RunAsync("approve", _batchId, "--signature", statement + ".minisig");
        var list = await _highside.SucceedAsync("officer", "list");

        Assert.That(approve.ExitCode, Is.EqualTo(1), approve.ToString());
        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.RosterRolledBack}]"));
        Assert.That(list.StandardError, Does.Contain("roster version 3 in force").And.Contain($"[{OfficerReasons.RolledBack}]"));
    }

    [Test]
    public async Task Approvals_OperatorCopiesOneApprovalRowAsASecondOfficerAndMarksTheBatchApproved_PublishRefusedApprovalsInsufficient()
    {
        await ApproveOnWorkstationAsync("dave");
        await OfficerCeremony.AddOfficerAsync(_highside, _root.Path, "erin", ["carol", "dave"]);
        var erin = MinisignPublicKey.Load(_root.Combine("erin.pub"));

        // dave's genuine row again under erin's name and key id, a row with no statement, and the state flipped by hand.
        await Sqlite3Async("INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, recorded_utc, statement) "
            + $"SELECT batch_id, decision, '{erin.KeyIdHex}', 'erin', reason, signature, recorded_utc, statement FROM approvals WHERE officer = 'dave'; "
            + "INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, recorded_utc, statement) "
            + $"SELECT batch_id, decision, key_id, 'carol', reason, signature, recorded_utc, NULL FROM approvals WHERE officer = 'dave'; "
            + $"UPDATE batches SET state = 'approved' WHERE id = '{_batchId}';");

        var publish = await _highside.RunAsync("publish", _batchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{ApprovalReasons.Insufficient}]").And.Contain("1 valid approval(s) of 2"));
        Assert.That(publish.StandardError, Does.Contain($"erin: {ApprovalReasons.Duplicate}").And.Contain($"carol: {ApprovalReasons.StatementMissing}"));
        Assert.That(File.Exists(Path.Combine(_files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Publish_ArtifactRowRenamedAfterApproval_PublishesTheSignedName()
    {
        await ApproveByBothAsync();
        await Sqlite3Async("UPDATE batch_artifacts SET name = 'renamed-by-operator.bin';");

        await _highside.SucceedAsync("publish", _batchId);

        Assert.That(File.Exists(Path.Combine(_files, "tool.bin")), Is.True, "the target comes from the signed manifest");
        Assert.That(File.Exists(Path.Combine(_files, "renamed-by-operator.bin")), Is.False);
    }

    [Test]
    public async Task Publish_MirrorRedirectedAfterApproval_RefusedPublishPlanMismatchAndNothingPushed()
    {
        await ApproveByBothAsync();
        var elsewhere = _root.Combine("elsewhere");
        var redirected = ProductExecutable.HighSide(new Dictionary<string, string> { ["HIGHSIDE__Mirrors__Files"] = elsewhere })
            .WithData(_root.Combine("data"));

        var publish = await redirected.RunAsync("publish", _batchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{ApprovalReasons.PlanMismatch}]"));
        Assert.That(Directory.Exists(elsewhere) ? Directory.EnumerateFiles(elsewhere, "*", SearchOption.AllDirectories) : [], Is.Empty);
        Assert.That(File.Exists(Path.Combine(_files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task AuditTail_DeletedWithTheCheckpointsAndSignedAgain_ShownByTheReceiptTheLowSideKept()
    {
        await ApproveByBothAsync();
        await _highside.SucceedAsync("publish", _batchId);
        var kept = _root.Combine("low-side-kept", "receipt-1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        await _highside.SucceedAsync("receipt", "write", kept);
        var low = ProductExecutable.LowSide().WithData(_root.Combine("low"));
        await low.SucceedAsync("init", "--site", "site-a", "--no-password");
        await low.SucceedAsync("trust", "add", "--key", _root.Combine("data", "keys", "highside.pub"));
        await low.SucceedAsync("receipt", "import", kept);

        // The operator cuts the approvals and the publish out of the trail, removes every checkpoint and mirror
        // file, and lets the service sign its new head with the key it holds.
        await Sqlite3Async("DROP TRIGGER IF EXISTS audit_entries_no_delete; DELETE FROM audit_entries WHERE sequence > (SELECT MAX(sequence) - 4 "
            + "FROM audit_entries); DROP TRIGGER IF EXISTS audit_checkpoints_no_delete; DELETE FROM audit_checkpoints;");
        File.Delete(_root.Combine("data", "audit.jsonl"));
        File.Delete(_root.Combine("data", "audit.checkpoints.jsonl"));
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var later = _root.Combine("receipt-2.json");
        await _highside.SucceedAsync("receipt", "write", later);
        var alone = await _highside.RunAsync("audit", "verify");

        var anchored = await _highside.RunAsync("audit", "verify", "--anchor", kept);
        var imported = await low.RunAsync("receipt", "import", later);

        Assert.That(alone.ExitCode, Is.Zero, "re-signed with the operator's key, the trail is consistent in itself: " + alone);
        Assert.That(anchored.ExitCode, Is.EqualTo(1), anchored.ToString());
        Assert.That(anchored.StandardError, Does.Contain("receipt-1.json").And.Match("entry [0-9]+"));
        Assert.That(imported.ExitCode, Is.EqualTo(1), imported.ToString());
        Assert.That(imported.StandardError, Does.Contain("[audit-history-cut]"));
    }

    private async Task ApproveByBothAsync()
    {
        await ApproveOnWorkstationAsync("dave");
        await OfficerCeremony.AddOfficerAsync(_highside, _root.Path, "erin", ["carol", "dave"]);
        await ApproveOnWorkstationAsync("erin");
    }

    private async Task ApproveOnWorkstationAsync(string officer)
    {
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", _root.Combine(officer + ".key"));
        await _highside.SucceedAsync("approve", _batchId, "--signature", statement + ".minisig");
    }

    private async Task<string> StatementAsync()
    {
        var file = _root.Combine($"statement-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, (await _highside.SucceedAsync("batch", "statement", _batchId)).StandardOutput);
        return file;
    }

    private async Task<string> Sqlite3Async(string sql)
    {
        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("sqlite3"), [Database, sql], timeout: TimeSpan.FromSeconds(30));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result.StandardOutput;
    }

    // A key as the roster's JSON spells it (System.Text.Json writes '+' as \u002B).
    private string JsonKey(string officer) => System.Text.Json.JsonSerializer.Serialize(MinisignPublicKey.Load(_root.Combine(officer + ".pub")).ToBase64());

    private static string FlipKeyIdByte(MinisignPublicKey key)
    {
        var bytes = Convert.FromBase64String(key.ToBase64());
        bytes[2] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
