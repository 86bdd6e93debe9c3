using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Audit;

/// <summary>Reading a log host's copy of a side's audit messages, whatever its syslog daemon wrote around them.</summary>
[TestFixture]
internal sealed class AuditLogHostCopyTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    [Test]
    public void Read_TheHeadersOfRfc5424TheLocalFormRsyslogAndJournald_EachLineOfTheSideIsAnAnchor()
    {
        using var root = new TempDirectory("log-host-copy");
        var file = root.Combine("auth.log");
        File.WriteAllLines(file,
        [
            $$"""<85>1 2026-12-06T00:00:01.000001Z high-a highside 4242 audit - {"sequence":1,"hash":"{{HashA}}"}""",
            $$"""<85>Dec  6 00:00:02 highside[4242]: {"sequence":2,"hash":"{{HashB}}"}""",
            $$"""Dec  6 00:00:03 high-a highside[77]: {"sequence":3,"hash":"{{HashA}}","previousHash":"{{HashB}}"}""",
            $$"""Dec 06 00:00:04 high-a highside[77]: {"sequence":4,"hash":"{{HashB}}"}""" + "\r",
        ]);

        var anchors = AuditLogHostCopy.Read(file, "highside").ToList();

        Assert.That(anchors.Select(a => (a.Sequence, a.Hash)), Is.EqualTo(new[] { (1L, HashA), (2L, HashB), (3L, HashA), (4L, HashB) }));
        Assert.That(anchors[2].Source, Is.EqualTo("log host copy auth.log line 3"));
    }

    [Test]
    public void Read_LinesOfOtherProgramsAndOtherJson_AreNotAnchors()
    {
        using var root = new TempDirectory("log-host-copy");
        var file = root.Combine("auth.log");
        File.WriteAllLines(file,
        [
            "Dec  6 00:00:01 high-a sshd[12]: Accepted publickey for carol",
            $$"""Dec  6 00:00:02 high-a lowside[5]: {"sequence":9,"hash":"{{HashA}}"}""",
            $$"""Dec  6 00:00:03 high-a notmyhighside[5]: {"sequence":9,"hash":"{{HashA}}"}""",
            $$"""Dec  6 00:00:04 high-a cron[5]: highside {"sequence":9,"hash":"{{HashA}}"}""",
            $$"""Dec  6 00:00:05 high-a highside[5]: {"sequence":0,"hash":"{{HashA}}"}""",
            """Dec  6 00:00:06 high-a highside[5]: {"sequence":10,"hash":"not-a-hash"}""",
            $$"""Dec  6 00:00:07 high-a highside[5]: {"sequence":11,"hash":"{{HashA}}" """,
            $$"""Dec  6 00:00:08 high-a highside[5]: {"sequence":12,"hash":"{{HashB}}"}""",
        ]);

        var anchors = AuditLogHostCopy.Read(file, "highside").ToList();

        // cron's message names highside, but the tag before the JSON is cron's.
        Assert.That(anchors.Select(a => (a.Sequence, a.Source)), Is.EqualTo(new[] { (12L, "log host copy auth.log line 8") }));
    }

    [Test]
    public void Read_ALineLongerThanAnyMessage_IsSkippedWithoutReadingItWhole()
    {
        using var root = new TempDirectory("log-host-copy");
        var file = root.Combine("auth.log");
        var padding = new string(' ', AuditLogHostCopy.MaxLineChars);
        File.WriteAllLines(file,
        [
            $$"""highside[1]: {"sequence":1,"hash":"{{HashA}}"{{padding}}}""",
            $$"""highside[1]: {"sequence":2,"hash":"{{HashB}}"}""",
        ]);

        var anchors = AuditLogHostCopy.Read(file, "highside").ToList();

        Assert.That(anchors.Select(a => a.Sequence), Is.EqualTo(new[] { 2L }));
    }

    [Test]
    public void ReadAll_AFileWithNoMessageOfTheSide_RefusedNamingIt()
    {
        using var root = new TempDirectory("log-host-copy");
        var good = root.Combine("good.log");
        var other = root.Combine("receipt.json");
        File.WriteAllText(good, $$"""highside[1]: {"sequence":1,"hash":"{{HashA}}"}""");
        File.WriteAllText(other, """{"format":2,"site":"high-a"}""");

        Assert.That(() => AuditLogHostCopy.ReadAll([good, other], "highside"),
            Throws.TypeOf<FormatException>().With.Message.Contains("receipt.json holds no audit message from highside"));
        Assert.That(AuditLogHostCopy.ReadAll([good], "highside"), Has.Count.EqualTo(1));
    }
}
