using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.Shared.Tests.Approvals;

[TestFixture]
internal sealed class ApprovalStatementTests
{
    private const string Sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static readonly string Digest = Sha;

    [Test]
    public void Parse_ApprovalText_RoundTrips()
    {
        var statement = new ApprovalStatement("site-a-000042", Digest, Decisions.Approve);

        var parsed = ApprovalStatement.Parse(statement.Text);

        Assert.That(parsed, Is.EqualTo(statement));
        Assert.That(statement.Text, Is.EqualTo($"transferpipeline-approval v1\nbatch: site-a-000042\nmanifest-sha256: {Digest}\ndecision: approve\n"));
        Assert.That(statement.TrustedComment, Is.EqualTo("transferpipeline-approval batch:site-a-000042 decision:approve"));
    }

    [Test]
    public void Parse_RejectionText_RoundTripsWithItsReason()
    {
        var statement = new ApprovalStatement("site-a-000042", Digest, Decisions.Reject, "not needed: see ticket 7");

        Assert.That(ApprovalStatement.Parse(statement.Text), Is.EqualTo(statement));
        Assert.That(statement.Text, Does.EndWith("decision: reject\nreason: not needed: see ticket 7\n"));
    }

    [TestCase("transferpipeline-approval v1\r\nbatch: b\r\nmanifest-sha256: " + Sha + "\r\ndecision: approve\r\n", TestName = "Parse_CrLf_Refused")]
    [TestCase("transferpipeline-approval v1\nbatch: b\nmanifest-sha256: " + Sha + "\ndecision: approve", TestName = "Parse_NoTrailingNewline_Refused")]
    [TestCase("transferpipeline-approval v2\nbatch: b\nmanifest-sha256: " + Sha + "\ndecision: approve\n", TestName = "Parse_OtherVersion_Refused")]
    [TestCase("transferpipeline-approval v1\nbatch: b\nmanifest-sha256: " + Sha + "\ndecision: maybe\n", TestName = "Parse_UnknownDecision_Refused")]
    [TestCase("transferpipeline-approval v1\nbatch: b\nmanifest-sha256: " + Sha + "\ndecision: approve\nreason: r\n",
        TestName = "Parse_ReasonOnApproval_Refused")]
    [TestCase("transferpipeline-approval v1\nbatch:  b\nmanifest-sha256: " + Sha + "\ndecision: approve\n", TestName = "Parse_ExtraSpace_Refused")]
    [TestCase("transferpipeline-approval v1\nbatch: b\nmanifest-sha256: AAAA\ndecision: approve\n", TestName = "Parse_DigestNotHex_Refused")]
    [TestCase("transferpipeline-approval v1\nbatch: B/../x\nmanifest-sha256: " + Sha + "\ndecision: approve\n", TestName = "Parse_BatchIdNotAnId_Refused")]
    [TestCase("transferpipeline-approval v1\nmanifest-sha256: " + Sha + "\nbatch: b\ndecision: approve\n", TestName = "Parse_LinesReordered_Refused")]
    public void Parse_NotAStatementAsWritten_Throws(string text) =>
        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(text));

    [Test]
    public void Parse_Oversized_Throws()
    {
        var text = new ApprovalStatement("b", Digest, Decisions.Reject, new string('x', ApprovalStatement.MaxBytes)).Text;

        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(text));
    }
}
