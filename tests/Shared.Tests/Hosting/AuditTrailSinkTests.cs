using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Audit.Syslog;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Tests.Audit;

namespace TransferPipeline.Shared.Tests.Hosting;

/// <summary>The trail hands committed entries to its sinks, and a sink that fails never fails the operation.</summary>
[TestFixture]
internal sealed class AuditTrailSinkTests
{
    private AuditFixture _fixture = null!;

    [SetUp]
    public async Task SetUp() => _fixture = await AuditFixture.CreateAsync();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task CommitAsync_SinkFails_CommitsLogsAWarningAndStillCallsTheNextSink()
    {
        var logger = new ListLogger();
        var failing = new RecordingSink(new SocketException((int)SocketError.ConnectionRefused));
        var next = new RecordingSink(null);
        var trail = new AuditTrail(_fixture.Database, _fixture.Log, [failing, next], logger);

        await using (var unit = await trail.BeginAsync(CancellationToken.None))
        {
            await unit.RecordAsync("officer.carol", "approval.recorded", "b1", null, CancellationToken.None);
            await unit.RecordAsync("system", "batch.approved", "b1", null, CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _fixture.ReadAllAsync()).Select(e => e.Action), Is.EqualTo(new[] { "approval.recorded", "batch.approved" }));
            Assert.That(next.Received.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2 }), "one call per commit, in order");
            Assert.That(logger.Warnings, Has.One.Contains("Audit entries 1..2 could not be sent to failing sink"));
        }
    }

    [Test]
    public async Task CommitAsync_RolledBack_SendsNothing()
    {
        var sink = new RecordingSink(null);
        var trail = new AuditTrail(_fixture.Database, _fixture.Log, [sink], new ListLogger());

        await using (var unit = await trail.BeginAsync(CancellationToken.None))
        {
            await unit.RecordAsync("officer.carol", "approval.recorded", "b1", null, CancellationToken.None);
        }

        Assert.That(sink.Received, Is.Empty);
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task LocalTarget_SendsOneDatagramPerMessageToTheUnixSocket()
    {
        var path = _fixture.Temp.Combine("dev-log");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        var buffer = new byte[8192];

        await new LocalSyslogTarget(path).SendAsync([Encoding.ASCII.GetBytes("<85>first"), Encoding.ASCII.GetBytes("<85>second")], CancellationToken.None);

        var first = await listener.ReceiveAsync(buffer, SocketFlags.None);
        Assert.That(Encoding.ASCII.GetString(buffer, 0, first), Is.EqualTo("<85>first"));
        var second = await listener.ReceiveAsync(buffer, SocketFlags.None);
        Assert.That(Encoding.ASCII.GetString(buffer, 0, second), Is.EqualTo("<85>second"));
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public void LocalTarget_NoSocket_ThrowsForTheTrailToLog()
    {
        var target = new LocalSyslogTarget(_fixture.Temp.Combine("no-such-socket"));

        Assert.That(() => target.SendAsync([[1]], CancellationToken.None), Throws.InstanceOf<SocketException>());
    }

    private sealed class RecordingSink(Exception? failure) : IAuditSink
    {
        public List<AuditEntry> Received { get; } = [];

        public string Name => failure is null ? "recording sink" : "failing sink";

        public Task SendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            Received.AddRange(entries);
            return failure is null ? Task.CompletedTask : Task.FromException(failure);
        }
    }

    private sealed class ListLogger : ILogger<AuditTrail>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
