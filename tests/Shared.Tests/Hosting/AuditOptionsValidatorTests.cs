using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Audit.Syslog;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>Audit:Syslog is off, the local socket, or udp://HOST:PORT; anything else stops the side at start.</summary>
[TestFixture]
internal sealed class AuditOptionsValidatorTests
{
    [TestCase(null, true)]
    [TestCase("", true)]
    [TestCase("local", true)]
    [TestCase("udp://loghost.internal:514", true)]
    [TestCase("udp://10.0.0.5:10514", true)]
    [TestCase("udp://[::1]:514", true)]
    [TestCase("udp://loghost.internal", true)]
    [TestCase("Local", false)]
    [TestCase("/dev/log", false)]
    [TestCase("tcp://loghost.internal:514", false)]
    [TestCase("udp://loghost.internal:0", false)]
    [TestCase("udp://user@loghost.internal:514", false)]
    [TestCase("udp://loghost.internal:514/audit", false)]
    [TestCase("udp://loghost.internal:514?tls=1", false)]
    [TestCase("loghost.internal:514", false)]
    public void Validate_Syslog_AcceptsOffLocalAndUdp(string? syslog, bool valid)
    {
        var result = new AuditOptionsValidator().Validate(new AuditOptions { Syslog = syslog });

        Assert.That(result.IsValid, Is.EqualTo(valid), string.Join("; ", result.Errors));
    }

    [TestCase("udp://loghost.internal:10514", "loghost.internal", 10514)]
    [TestCase("udp://loghost.internal", "loghost.internal", 514)]
    [TestCase("udp://[::1]:514", "::1", 514)]
    public void Parse_Udp_TakesHostAndPort(string syslog, string host, int port)
    {
        var target = (UdpSyslogTarget)SyslogTarget.Parse(syslog)!;

        Assert.That((target.Host, target.Port), Is.EqualTo((host, port)));
    }

    [TestCase(null)]
    [TestCase(" ")]
    public void Parse_Empty_IsOff(string? syslog) => Assert.That(SyslogTarget.Parse(syslog), Is.Null);

    [Test]
    public void Parse_Local_IsTheDevLogSocket() =>
        Assert.That(((LocalSyslogTarget)SyslogTarget.Parse("local")!).SocketPath, Is.EqualTo("/dev/log"));
}
