using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.Shared.Tests.Approvals;

[TestFixture]
internal sealed class ApprovalStatementTests
{
    private const string Sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Other = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly StatementAnchor Roster = new(2, Other);
    private static readonly StatementAnchor Head = new(57, Sha);
    private static readonly string[] Plan = ["file /srv/files/tool.bin sha256:" + Sha, "image 127.0.0.1:5000/library/app:1.0 sha256:" + Other];

    private static readonly string Scan = "completed " + Other;

    private static ApprovalStatement Approval => new("site-a-000042", Sha, Roster, Head, Scan, Plan, Decisions.Approve);

    [Test]
    public void Parse_ApprovalText_RoundTrips()
    {
        var parsed = ApprovalStatement.Parse(Approval.Text);

        Assert.That(parsed, Is.EqualTo(Approval));
        Assert.That(parsed.PublishPlan, Is.EqualTo(Plan));
        Assert.That(Approval.Text, Is.EqualTo(
            "transferpipeline-approval v3\nbatch: site-a-000042\nmanifest-sha256: " + Sha + "\nroster: 2 " + Other + "\naudit-head: 57 " + Sha
            + "\nscan: completed " + Other + "\npublish-plan-sha256: " + ApprovalStatement.PlanSha256(Plan) + "\npublish: " + Plan[0] + "\npublish: " + Plan[1]
            + "\ndecision: approve\n"));
        Assert.That(Approval.TrustedComment, Is.EqualTo("transferpipeline-approval batch:site-a-000042 decision:approve"));
    }

    [Test]
    public void Parse_RejectionText_RoundTripsWithItsReason()
    {
        var statement = Approval with { Decision = Decisions.Reject, Reason = "not needed: see ticket 7" };

        Assert.That(ApprovalStatement.Parse(statement.Text), Is.EqualTo(statement));
        Assert.That(statement.Text, Does.EndWith("decision: reject\nreason: not needed: see ticket 7\n"));
    }

    [Test]
    public void PlanSha256_IsOverTheLinesEachEndedByLf() =>
        Assert.That(ApprovalStatement.PlanSha256(["a", "b"]), Is.EqualTo("911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2"),
            "printf 'a\\nb\\n' | sha256sum");

    [Test]
    public void PlanSha256_NonAsciiLines_IsOverTheirUtf8() =>
        Assert.That(ApprovalStatement.PlanSha256(["caf\u00e9", "\u65e5\u672c \ud83d\ude00"]), Is.EqualTo(Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("caf\u00e9\n\u65e5\u672c \ud83d\ude00\n")))));

    [Test]
    public void Parse_PlanOfThousandsOfTargets_RoundTripsAndAnEditDeepInsideIsRefused()
    {
        // Large enough that the statement is compared with its text chunk by chunk (about 600 KB).
        var plan = Enumerable.Range(0, 5000).Select(i => $"file /srv/files/caf\u00e9-{i}.bin sha256:" + Sha).ToArray();
        var statement = new ApprovalStatement("site-a-000042", Sha, Roster, Head, Scan, plan, Decisions.Approve);
        var text = statement.Text;

        Assert.That(ApprovalStatement.Parse(text), Is.EqualTo(statement));
        var edited = text.Replace("caf\u00e9-2500.bin", "caf\u00e9-2501.bin", StringComparison.Ordinal);
        Assert.That(edited, Is.Not.EqualTo(text));
        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(edited));
    }

    [TestCase("\n", "\r\n", TestName = "Parse_CrLf_Refused")]
    [TestCase("decision: approve\n", "decision: approve", TestName = "Parse_NoTrailingNewline_Refused")]
    [TestCase("approval v3", "approval v1", TestName = "Parse_OtherVersion_Refused")]
    [TestCase("approval v3", "approval v2", TestName = "Parse_ScanLineUnderTheVersionWithout_Refused")]
    [TestCase("scan: completed", "scan: passed", TestName = "Parse_ScanOutcomeUnknown_Refused")]
    [TestCase("scan: completed bbbb", "scan: completed BBBB", TestName = "Parse_ScanDigestNotLowerHex_Refused")]
    [TestCase("scan: completed bbbb", "scan: completed  bbbb", TestName = "Parse_ScanExtraSpace_Refused")]
    [TestCase("decision: approve", "decision: maybe", TestName = "Parse_UnknownDecision_Refused")]
    [TestCase("decision: approve\n", "decision: approve\nreason: r\n", TestName = "Parse_ReasonOnApproval_Refused")]
    [TestCase("batch: site", "batch:  site", TestName = "Parse_ExtraSpace_Refused")]
    [TestCase("manifest-sha256: aaaa", "manifest-sha256: AAAA", TestName = "Parse_DigestNotLowerHex_Refused")]
    [TestCase("batch: site-a-000042", "batch: B/../x", TestName = "Parse_BatchIdNotAnId_Refused")]
    [TestCase("publish: file /srv/files/tool.bin", "publish: file /srv/files/other.bin", TestName = "Parse_PlanLineEdited_Refused")]
    [TestCase("audit-head: 57 ", "audit-head: 057 ", TestName = "Parse_AnchorNotCanonical_Refused")]
    [TestCase("roster: 2 ", "roster: -2 ", TestName = "Parse_NegativeRosterVersion_Refused")]
    public void Parse_NotAStatementAsWritten_Throws(string find, string replace)
    {
        var text = Approval.Text;
        Assert.That(text, Does.Contain(find), "the test edits a part of the text that is there");

        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(text.Replace(find, replace, StringComparison.Ordinal)));
    }

    [TestCase("off")]
    [TestCase("none")]
    [TestCase("failed aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("skipped aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Parse_EachScanState_RoundTrips(string scan)
    {
        var statement = Approval with { Scan = scan };

        Assert.That(statement.Text, Does.Contain("\naudit-head: 57 " + Sha + "\nscan: " + scan + "\npublish-plan-sha256: "));
        Assert.That(ApprovalStatement.Parse(statement.Text), Is.EqualTo(statement));
    }

    [Test]
    public void Parse_StatementOfTheVersionBeforeScanLines_ReadWithoutAScan()
    {
        var legacy = Approval with { Scan = null };

        var parsed = ApprovalStatement.Parse(legacy.Text);

        Assert.That(legacy.Text, Does.StartWith(ApprovalStatement.HeaderWithoutScan + "\n").And.Not.Contain("\nscan: "));
        Assert.That(parsed.Scan, Is.Null);
        Assert.That(parsed.PublishPlan, Is.EqualTo(Plan));
    }

    [Test]
    public void Parse_LinesReordered_Throws()
    {
        var lines = Approval.Text.Split('\n');
        (lines[1], lines[2]) = (lines[2], lines[1]);

        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(string.Join('\n', lines)));
    }

    [Test]
    public void Parse_Oversized_Throws()
    {
        var text = (Approval with { Decision = Decisions.Reject, Reason = new string('x', ApprovalStatement.MaxBytes) }).Text;

        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(text));
    }

    [Test]
    public void Parse_PlanBeforeWaiversAndAReason_ReadsEachLineBackAsWritten()
    {
        string[] plan = ["file /srv/files/caf\u00e9.bin sha256:" + Sha, "", "npm \u65e5\u672c \ud83d\ude00 sha256:" + Other, "x"];
        var statement = new ApprovalStatement("site-a-000042", Sha, Roster, Head, Scan, plan, Decisions.Reject, "not needed", ["osv:GHSA-1", "clamav:Eicar"]);

        var parsed = ApprovalStatement.Parse(statement.Text);

        Assert.That(parsed.PublishPlan, Is.EqualTo(plan));
        Assert.That(parsed.PublishPlan, Has.Count.EqualTo(4));
        Assert.That(Enumerable.Range(0, plan.Length).Select(i => parsed.PublishPlan[i]), Is.EqualTo(plan));
        Assert.That(parsed.Waivers, Is.EqualTo(new[] { "clamav:Eicar", "osv:GHSA-1" }));
        Assert.That(parsed.Reason, Is.EqualTo("not needed"));
        Assert.That(parsed.PublishPlanSha256, Is.EqualTo(ApprovalStatement.PlanSha256(plan)));
    }

    [Test]
    public void Parse_PlanOfThousandsOfTargets_KeepsNoSecondCopyOfItsLines()
    {
        const int count = 2000;
        var plan = Enumerable.Range(0, count).Select(i => $"file /srv/mirror/files/set{i}/part-{i}.bin sha256:" + Sha).ToArray();
        var text = new ApprovalStatement("site-a-000042", Sha, Roster, Head, Scan, plan, Decisions.Approve).Text;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var parsed = ApprovalStatement.Parse(text);
        var retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
        TestContext.Out.WriteLine($"{retained:F1} bytes retained a line of the plan");

        // Each line as a string took about 280 bytes (a 110-character string and its slot); its place in the text takes 8.
        Assert.That(retained, Is.LessThan(40));
        Assert.That(parsed.PublishPlan[count - 1], Is.EqualTo($"file /srv/mirror/files/set{count - 1}/part-{count - 1}.bin sha256:" + Sha));
        GC.KeepAlive(text);
    }

    [Test]
    public void PlanBytes_CountsEachLinesUtf8WithItsPrefixAndLf() =>
        Assert.That(ApprovalStatement.PlanBytes(["caf\u00e9", "a"]), Is.EqualTo("publish: caf\u00e9\n".Length + 1 + "publish: a\n".Length));

    [Test]
    public void ByteCount_CharactersOutsideTheBmpAcrossThePlan_IsTheTextsUtf8Length()
    {
        // Lines mostly of characters outside the BMP, of odd lengths, so that the text's chunks end between the two halves
        // of a character.
        var emoji = string.Concat(Enumerable.Repeat("\ud83d\ude00", 40));
        var plan = Enumerable.Range(0, 3000).Select(i => $"file /srv/files/{new string('x', i % 7)}{emoji}-{i}.bin sha256:" + Sha).ToArray();
        var statement = new ApprovalStatement("site-a-000042", Sha, Roster, Head, Scan, plan, Decisions.Approve);

        Assert.That(statement.ByteCount, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(statement.Text)));
    }

    [Test]
    public void MaxPlanBytes_TheLongestRejectionOfAPlanAtTheLimitFitsAndParses()
    {
        // The longest a rejection's other lines can be: a 48-character batch id, the largest anchors, a completed scan, and a
        // reason of characters three UTF-8 bytes long.
        var batchId = "a" + new string('0', 46) + "z";
        var anchor = new StatementAnchor(long.MaxValue, Sha);
        var plan = new List<string>();
        for (long left = ApprovalStatement.MaxPlanBytes; left > 0; left -= ApprovalStatement.PlanBytes([plan[^1]]))
        {
            var length = (int)Math.Min(1000, left - "publish: \n".Length);
            plan.Add("file /srv/" + new string('p', length - "file /srv/".Length));
        }

        var statement = new ApprovalStatement(batchId, Sha, anchor, anchor, Scan, plan, Decisions.Reject,
            new string('\u20ac', ApprovalStatement.MaxReasonLength));

        Assert.That(ApprovalStatement.PlanBytes(plan), Is.EqualTo(ApprovalStatement.MaxPlanBytes));
        Assert.That(statement.ByteCount, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(statement.Text)));
        Assert.That(statement.ByteCount, Is.EqualTo(ApprovalStatement.MaxPlanBytes + 3550), "the other lines' longest, as MaxPlanBytes's comment counts them");
        Assert.That(statement.ByteCount, Is.LessThanOrEqualTo(ApprovalStatement.MaxBytes));
        Assert.That(ApprovalStatement.Parse(statement.Text), Is.EqualTo(statement));
    }
}
