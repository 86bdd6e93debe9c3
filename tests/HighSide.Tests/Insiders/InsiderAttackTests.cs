using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Approvals;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Insiders;

/// <summary>
/// THREATS 32-33: the people who run the high side try to defeat the two-person rule the way they would, with the
/// `highside` executable, their keys and a shell. Each asserts its reason code. Tampering with the database itself is
/// <see cref="InsiderDatabaseTamperingTests"/>, on both providers.
/// </summary>
public sealed class InsiderAttackTests() : InsiderSite(DatabaseProvider.Sqlite)
{
    [Test]
    public async Task TwinKey_OfficerRegistersHerKeyAgainUnderAnotherNameAndKeyId_RefusedOfficerKeyDuplicate()
    {
        var twin = Root.Combine("carol-hsm.pub");
        await File.WriteAllTextAsync(twin, "untrusted comment: carol's other key\n" + FlipKeyIdByte(MinisignPublicKey.Load(Root.Combine("carol.pub"))) + "\n");

        var proposal = await HighSide.RunAsync("officer", "add", "carol-hsm", "--key", twin);

        Assert.That(proposal.ExitCode, Is.EqualTo(1), proposal.ToString());
        Assert.That(proposal.StandardError, Does.Contain($"[{OfficerReasons.KeyDuplicate}]"));
        Assert.That((await HighSide.SucceedAsync("officer", "list")).StandardOutput, Does.Not.Contain("carol-hsm"));
    }

    [Test]
    public async Task TwinKey_SignatureNamingAnotherKeyId_CountsAsTheSameOfficer()
    {
        await ApproveOnWorkstationAsync("dave");
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", Root.Combine("dave.key"));
        var signature = await File.ReadAllLinesAsync(statement + ".minisig");
        var bytes = Convert.FromBase64String(signature[1]);
        bytes[2] ^= 0x01;
        signature[1] = Convert.ToBase64String(bytes);
        await File.WriteAllLinesAsync(statement + ".minisig", signature);

        var second = await HighSide.RunAsync("approve", BatchId, "--signature", statement + ".minisig");

        Assert.That(second.StandardError, Does.Contain($"[{ApprovalReasons.Duplicate}]"), second.ToString());
        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.False);
    }

    [Test]
    public async Task Requester_OfficerApprovesABatchCarryingHerOwnRequest_RefusedOfficerIsRequester()
    {
        var statement = await StatementAsync();
        await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", statement, "--key", Root.Combine("carol.key"));

        var approve = await HighSide.RunAsync("approve", BatchId, "--signature", statement + ".minisig");

        Assert.That(approve.StandardError, Does.Contain($"[{ApprovalReasons.Requester}]"), approve.ToString());
    }

    [Test]
    public async Task Roster_OperatorSwapsAnOfficersKeyUnderAnInnocentChange_TheSigningOfficerIsShownEveryKey()
    {
        // The operator writes version 2 himself: dave's key becomes his, and the change says something else.
        await HighSide.SucceedAsync("officer", "keygen", "--out", Root.Combine("mallory"), "--no-password");
        var current = Convert.FromHexString((await Sql.RunAsync($"SELECT {Sql.Hex("document")} FROM roster_documents WHERE state = 'in-force';")).Trim());
        var genuine = RosterFormat.Parse(current);
        var mallory = MinisignPublicKey.Load(Root.Combine("mallory.pub"));
        var forged = genuine with
        {
            Version = 2,
            PreviousSha256 = RosterFormat.Sha256(current),
            Change = "link local:carol.smith to officer carol",
            Officers = [.. genuine.Officers.Select(o => o.Name == "dave" ? o with { PublicKey = mallory.ToBase64() } : o)],
        };
        var proposal = Root.Combine("proposal-2.json");
        await File.WriteAllBytesAsync(proposal, RosterFormat.Serialize(forged));

        var signed = await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", proposal, "--key", Root.Combine("carol.key"));

        var malloryRaw = Convert.ToBase64String(mallory.Key.Bytes);
        Assert.That(signed.StandardOutput, Does.Contain("link local:carol.smith to officer carol"));
        Assert.That(signed.StandardOutput, Does.Contain($"  dave active key {malloryRaw} (id {mallory.KeyIdHex})"), "the key that changed is shown");
        Assert.That(signed.StandardOutput, Does.Contain($"follows sha256 {RosterFormat.Sha256(current)}"));
    }

    [Test]
    public async Task Approve_StatementThatWaivesAFinding_TheSigningOfficerIsShownTheWaiver()
    {
        var file = await StatementAsync();
        var statement = ApprovalStatement.Parse(await File.ReadAllTextAsync(file));
        const string Finding = "malware sha256:0000000000000000000000000000000000000000000000000000000000000000 Eicar-Test-Signature";
        await File.WriteAllTextAsync(file, (statement with { Waived = [Finding] }).Text);

        var signed = await ProductExecutable.HighSide().SucceedAsync("sign", "--statement", file, "--key", Root.Combine("dave.key"));

        Assert.That(signed.StandardOutput, Does.Contain("  waive " + Finding));
    }

    [Test]
    public async Task Publish_MirrorRedirectedAfterApproval_RefusedPublishPlanMismatchAndNothingPushed()
    {
        await ApproveByBothAsync();
        var elsewhere = Root.Combine("elsewhere");
        var redirected = ProductExecutable.HighSide(new Dictionary<string, string> { ["HIGHSIDE__Mirrors__Files"] = elsewhere })
            .WithData(Root.Combine("data"));

        var publish = await redirected.RunAsync("publish", BatchId);

        Assert.That(publish.ExitCode, Is.EqualTo(1), publish.ToString());
        Assert.That(publish.StandardError, Does.Contain($"[{ApprovalReasons.PlanMismatch}]"));
        Assert.That(Directory.Exists(elsewhere) ? Directory.EnumerateFiles(elsewhere, "*", SearchOption.AllDirectories) : [], Is.Empty);
        Assert.That(File.Exists(Path.Combine(Files, "tool.bin")), Is.False);
    }
}
