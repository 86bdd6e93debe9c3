using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Officers;
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
