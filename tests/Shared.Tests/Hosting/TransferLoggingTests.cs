using TransferPipeline.Hosting.Logging;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>The console log is JSON for journald exactly when systemd runs the daemon (it sets JOURNAL_STREAM, INVOCATION_ID).</summary>
[TestFixture]
internal sealed class TransferLoggingTests
{
    [TestCase(null, null, false)]
    [TestCase("", "", false)]
    [TestCase("8:12345", null, true)]
    [TestCase(null, "0123456789abcdef0123456789abcdef", true)]
    [TestCase("8:12345", "0123456789abcdef0123456789abcdef", true)]
    public void IsUnderSystemd_Environment_Decides(string? journalStream, string? invocationId, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["JOURNAL_STREAM"] = journalStream, ["INVOCATION_ID"] = invocationId };

        Assert.That(TransferLogging.IsUnderSystemd(name => environment.GetValueOrDefault(name)), Is.EqualTo(expected));
    }
}
