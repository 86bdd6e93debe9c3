using System.Globalization;
using System.Text.Json.Nodes;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Publishing;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Insiders;

/// <summary>
/// THREATS 32-33: the operator with the service account edits the site's state with the database's own client (`sqlite3`
/// on the data directory, `psql` on the PostgreSQL database) to defeat the two-person rule. Each asserts its reason code.
/// </summary>
[OnBothProviders]
public sealed class InsiderDatabaseTamperingTests(DatabaseProvider provider) : InsiderSite(provider)
{
    [Test]
    public async Task Roster_OperatorWritesAVersionWithTwoOfficersOfHisOwn_GivesNoPower()
    {
        await WriteRosterOfHisOwnAsync(version: 2, dated: "2026-12-01T00:00:00Z");

        var list = await HighSide.SucceedAsync("officer", "list");
        var approve = await ApproveWithHisKeyAsync();

        Assert.That(list.StandardOutput, Does.StartWith("roster version 1 ").And.Not.Contain("mallory"));
        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.UnknownOfficer}]"), approve.ToString());
    }

    [Test]
    public async Task Roster_OperatorWritesAFoundingVersionOfHisOwnKeysAsVersionOne_GivesNoPower()
    {
        // Version 1 needs only the signatures of the officers it names: dated before the real one, his is read first.
        var (genuine, forged) = await WriteRosterOfHisOwnAsync(version: 1, dated: "2000-01-01T00:00:00Z");

        var list = await HighSide.SucceedAsync("officer", "list", "--json");
        var approve = await ApproveWithHisKeyAsync();

        Assert.That(list.StandardOutput, Does.Contain(genuine).And.Not.Contain(forged), "the audit trail records the real version 1 in force");
        Assert.That(approve.ExitCode, Is.EqualTo(1), approve.ToString());
        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.UnknownOfficer}]"), approve.ToString());
    }

    [Test]
    public async Task Roster_OperatorDeletesTheVersionThatDisabledAnOfficer_RefusedRosterRolledBack()
    {
        await OfficerCeremony.AddOfficerAsync(HighSide, Root.Path, "erin", ["carol", "dave"]);
        var statement = await StatementAsync();
        var disable = await HighSide.SucceedAsync("officer", "disable", "dave");
        await OfficerCeremony.SignProposalAsync(HighSide, Root.Path, disable.StandardOutput.Split(' ')[1], ["carol", "erin"]);
        Assert.That((await HighSide.SucceedAsync("officer", "list")).StandardOutput, Does.StartWith("roster version 3 ").And.Match("dave .* disabled"));

        // The operator removes version 3 so that dave is active again, and dave signs the statement made under version 2.
        await Sql.RunAsync("DELETE FROM roster_signatures WHERE sha256 IN (SELECT sha256 FROM roster_documents WHERE version = 3); "
            + "DELETE FROM roster_documents WHERE version = 3;");
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", Root.Combine("dave.key"));
        var approve = await HighSide.RunAsync("approve", BatchId, "--signature", statement + ".minisig");
        var list = await HighSide.SucceedAsync("officer", "list");

        Assert.That(approve.ExitCode, Is.EqualTo(1), approve.ToString());
        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.RosterRolledBack}]"));
        Assert.That(list.StandardError, Does.Contain("roster version 3 in force").And.Contain($"[{OfficerReasons.RolledBack}]"));
    }

    [Test]
    public async Task Approvals_OperatorCopiesOneApprovalRowAsASecondOfficerAndMarksTheBatchApproved_CopiesDoNotCountAndPublishRefused()
    {
        await ApproveOnWorkstationAsync("dave");
        await OfficerCeremony.AddOfficerAsync(HighSide, Root.Path, "erin", ["carol", "dave"]);
        var erin = MinisignPublicKey.Load(Root.Combine("erin.pub"));

        // dave's genuine row again under erin's name and key id, a row with no statement, and the state flipped by hand.
        await Sql.RunAsync("INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, recorded_utc, statement) "
            + $"SELECT batch_id, decision, '{erin.KeyIdHex}', 'erin', reason, signature, recorded_utc, statement FROM approvals WHERE officer = 'dave'; "
            + "INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, recorded_utc, statement) "
            + $"SELECT batch_id, decision, key_id, 'carol', reason, signature, recorded_utc, NULL FROM approvals WHERE officer = 'dave'; "
            + $"UPDATE batches SET state = 'approved' WHERE id = '{BatchId}';");

        var publish = await HighSide.RunAsync("publish", BatchId);
        var show = await HighSide.SucceedAsync("batch", "show", BatchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{PublishReasons.StateUnaudited}]"), "the trail holds it awaiting approval");
        Assert.That(show.StandardOutput, Does.Contain("approvals: 1 of 2 required")
            .And.Match($"approve by erin .*: does not count: {ApprovalReasons.Duplicate}")
            .And.Match($"approve by carol .*: does not count: {ApprovalReasons.StatementMissing}"));
        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Approvals_OperatorRedatesAnExpiredApproval_StillExpiredAndPublishRefused()
    {
        var config = Root.Combine("data", "highside.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["Approval"]!["Validity"] = "00:00:04";
        await File.WriteAllTextAsync(config, json.ToJsonString());
        await OfficerCeremony.AddOfficerAsync(HighSide, Root.Path, "erin", ["carol", "dave"]);
        await ApproveOnWorkstationAsync("dave");
        await Task.Delay(TimeSpan.FromSeconds(4.5));

        // dave's approval has expired; the operator dates it now, erin approves, and he marks the batch approved.
        await Sql.RunAsync($"UPDATE approvals SET recorded_utc = '{DateTimeOffset.UtcNow:O}' WHERE officer = 'dave';");
        await ApproveOnWorkstationAsync("erin");
        var before = await HighSide.SucceedAsync("batch", "show", BatchId);
        await Sql.RunAsync($"UPDATE batches SET state = 'approved' WHERE id = '{BatchId}';");
        var publish = await HighSide.RunAsync("publish", BatchId);

        Assert.That(before.StandardOutput, Does.Contain("awaiting-approval").And.Contain("approvals: 1 of 2 required")
            .And.Match($"approve by dave .*: does not count: {ApprovalReasons.Expired}"));
        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{PublishReasons.StateUnaudited}]"));
        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Approvals_OperatorWritesARowForASignatureTheTrailNeverRecorded_NotCountedApprovalUnaudited()
    {
        // erin signs a statement on her workstation; the operator, instead of submitting it, writes the row himself.
        await ApproveOnWorkstationAsync("dave");
        await OfficerCeremony.AddOfficerAsync(HighSide, Root.Path, "erin", ["carol", "dave"]);
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", Root.Combine("erin.key"));
        var erin = MinisignPublicKey.Load(Root.Combine("erin.pub"));
        await Sql.RunAsync("INSERT INTO approvals (batch_id, decision, key_id, officer, reason, signature, recorded_utc, statement) "
            + $"VALUES ('{BatchId}', 'approve', '{erin.KeyIdHex}', 'erin', NULL, {Sql.Text(statement + ".minisig")}, "
            + $"'{DateTimeOffset.UtcNow:O}', {Sql.Text(statement)}); UPDATE batches SET state = 'approved' WHERE id = '{BatchId}';");

        var publish = await HighSide.RunAsync("publish", BatchId);
        var show = await HighSide.SucceedAsync("batch", "show", BatchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{PublishReasons.StateUnaudited}]"));
        Assert.That(show.StandardOutput, Does.Contain("approvals: 1 of 2 required")
            .And.Match($"approve by erin .*: does not count: {ApprovalReasons.Unaudited}"));
        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Publish_OperatorSetsAPublishedBatchBackToPublishing_RefusedPublishedAlreadyAndNothingPushedAgain()
    {
        await ApproveByBothAsync();
        await HighSide.SucceedAsync("publish", BatchId);
        File.Delete(Path.Combine(Files, "tool.bin"));

        // To push it again (over newer content, or after its approvals expired): the row back to publishing, nothing done.
        await Sql.RunAsync($"UPDATE batches SET state = 'publishing' WHERE id = '{BatchId}'; UPDATE batch_artifacts SET published_utc = NULL;");
        var publish = await HighSide.RunAsync("publish", BatchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{PublishReasons.NotPublishable}]").And.Contain("published already"));
        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Publish_ArtifactRowRenamedAfterApproval_PublishesTheSignedName()
    {
        await ApproveByBothAsync();
        await Sql.RunAsync("UPDATE batch_artifacts SET name = 'renamed-by-operator.bin';");

        await HighSide.SucceedAsync("publish", BatchId);

        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.True, "the target comes from the signed manifest");
        Assert.That(File.Exists(Path.Combine(Files, "renamed-by-operator.bin")), Is.False);
    }

    [Test]
    public async Task AuditTail_DeletedWithTheCheckpointsAndSignedAgain_ShownByTheReceiptTheLowSideKept()
    {
        await ApproveByBothAsync();
        await HighSide.SucceedAsync("publish", BatchId);
        var kept = Root.Combine("low-side-kept", "receipt-1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        await HighSide.SucceedAsync("receipt", "write", kept);
        var low = ProductExecutable.LowSide().WithData(Root.Combine("low"));
        await low.SucceedAsync("init", "--site", "site-a", "--no-password");
        await low.SucceedAsync("trust", "add", "--key", Root.Combine("data", "keys", "highside.pub"));
        await low.SucceedAsync("receipt", "import", kept);

        // The operator cuts the approvals and the publish out of the trail, removes every checkpoint and mirror
        // file, and lets the service sign its new head with the key it holds.
        await Sql.RunAsync($"{Sql.AllowDeletesOn("audit_entries")} DELETE FROM audit_entries WHERE sequence > (SELECT MAX(sequence) - 4 "
            + $"FROM audit_entries); {Sql.AllowDeletesOn("audit_checkpoints")} DELETE FROM audit_checkpoints;");
        File.Delete(Root.Combine("data", "audit.jsonl"));
        File.Delete(Root.Combine("data", "audit.checkpoints.jsonl"));
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var later = Root.Combine("receipt-2.json");
        await HighSide.SucceedAsync("receipt", "write", later);
        var alone = await HighSide.RunAsync("audit", "verify");

        var anchored = await HighSide.RunAsync("audit", "verify", "--anchor", kept);
        var imported = await low.RunAsync("receipt", "import", later);

        Assert.That(alone.ExitCode, Is.Zero, "re-signed with the operator's key, the trail is consistent in itself: " + alone);
        Assert.That(anchored.ExitCode, Is.EqualTo(1), anchored.ToString());
        Assert.That(anchored.StandardError, Does.Contain("receipt-1.json").And.Match("entry [0-9]+"));
        Assert.That(imported.ExitCode, Is.EqualTo(1), imported.ToString());
        Assert.That(imported.StandardError, Does.Contain("[audit-history-cut]"));
    }

    [Test]
    public async Task AuditTail_CutAndGrownPastWhereItWas_ShownByTheLogHostsCopy()
    {
        using var logHost = new SyslogReceiver();
        var logged = ProductExecutable.HighSide(new Dictionary<string, string> { ["HIGHSIDE__Audit__Syslog"] = logHost.Target })
            .WithData(Root.Combine("data"));
        await logged.SucceedAsync("receipt", "write", Root.Combine("receipt-1.json"));
        await logged.SucceedAsync("receipt", "write", Root.Combine("receipt-2.json"));
        var cutFrom = long.Parse((await Sql.RunAsync("SELECT MAX(sequence) - 1 FROM audit_entries;")).Trim(), CultureInfo.InvariantCulture);

        // The operator cuts the last two entries, checkpoints and mirror files, and the service appends three new ones under
        // the same and later sequence numbers; the log host keeps both the entries cut and the new ones.
        await Sql.RunAsync($"{Sql.AllowDeletesOn("audit_entries")} DELETE FROM audit_entries WHERE sequence >= {cutFrom}; "
            + $"{Sql.AllowDeletesOn("audit_checkpoints")} DELETE FROM audit_checkpoints;");
        File.Delete(Root.Combine("data", "audit.jsonl"));
        File.Delete(Root.Combine("data", "audit.checkpoints.jsonl"));
        foreach (var again in new[] { "receipt-3.json", "receipt-4.json", "receipt-5.json" })
        {
            await logged.SucceedAsync("receipt", "write", Root.Combine(again));
        }

        var copy = Root.Combine("auth.log");
        Assert.That(await logHost.KeepAsync(copy, TimeSpan.FromSeconds(1)), Is.EqualTo(5));
        var alone = await HighSide.RunAsync("audit", "verify");
        var anchored = await HighSide.RunAsync("audit", "verify", "--log-host-copy", copy);

        Assert.That(alone.ExitCode, Is.Zero, "re-signed with the operator's key, the trail is consistent in itself: " + alone);
        Assert.That(anchored.ExitCode, Is.EqualTo(1), anchored.ToString());
        Assert.That(anchored.StandardError, Does.Contain($"audit trail broken at entry {cutFrom} [{AuditAnchorStatus.Rewritten}]")
            .And.Contain("log host copy auth.log line 1"));
    }

    // The operator makes two keys (mallory, trent), writes the roster in force again as `version` with carol's and dave's
    // keys replaced by his, signs it with both, and puts it all in the database, dated `dated`. The two documents' SHA-256.
    private async Task<(string Genuine, string Forged)> WriteRosterOfHisOwnAsync(int version, string dated)
    {
        foreach (var name in new[] { "mallory", "trent" })
        {
            await HighSide.SucceedAsync("officer", "keygen", "--out", Root.Combine(name), "--no-password");
        }

        var current = Convert.FromHexString((await Sql.RunAsync($"SELECT {Sql.Hex("document")} FROM roster_documents WHERE state = 'in-force';")).Trim());
        var forged = System.Text.Encoding.UTF8.GetString(current)
            .Replace("\"version\": 1", $"\"version\": {version}", StringComparison.Ordinal)
            .Replace(JsonKey("carol"), JsonKey("mallory"), StringComparison.Ordinal)
            .Replace(JsonKey("dave"), JsonKey("trent"), StringComparison.Ordinal);
        Assert.That(forged, Does.Contain(JsonKey("mallory")).And.Contain(JsonKey("trent")).And.Not.Contain(JsonKey("carol")), "the forgery is well made");
        var forgedFile = Root.Combine("forged.json");
        await File.WriteAllTextAsync(forgedFile, forged);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(forged)));
        await Sql.RunAsync($"INSERT INTO roster_documents VALUES ('{sha}', {version}, {Sql.Bytes(forgedFile)}, 'in-force', 'x', 'operator', '{dated}');");
        foreach (var name in new[] { "mallory", "trent" })
        {
            await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", forgedFile, "--key", Root.Combine(name + ".key"));
            var raw = Convert.ToBase64String(MinisignPublicKey.Load(Root.Combine(name + ".pub")).Key.Bytes);
            await Sql.RunAsync($"INSERT INTO roster_signatures VALUES ('{sha}', '{raw}', '{name}', {Sql.Text(forgedFile + ".minisig")}, '{dated}');");
        }

        return (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(current)), sha);
    }

    private async Task<ProcessResult> ApproveWithHisKeyAsync()
    {
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", Root.Combine("mallory.key"));
        return await HighSide.RunAsync("approve", BatchId, "--signature", statement + ".minisig");
    }
}
