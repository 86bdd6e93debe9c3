using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit.Syslog;

/// <summary>
/// The local syslog socket (<c>local</c>: <c>/dev/log</c>, a Unix datagram socket where journald or rsyslog
/// listens), in the form local daemons parse, as glibc's syslog(3) and util-linux's logger write it:
/// <c>&lt;85&gt;Mmm dd HH:mm:ss APP-NAME[PROCID]: MSG</c>.
/// </summary>
/// <remarks>
/// Not RFC 5424: journald does not parse that header on <c>/dev/log</c> (systemd issue 19251) and neither
/// does rsyslog's imuxsock by default, so the identifier and process id would be lost and the whole header
/// would land in the message. With this form journald files the entry under <c>SYSLOG_IDENTIFIER=lowside</c>
/// or <c>highside</c>, and the daemon that forwards to a log host writes whatever format it is set up for.
/// At most 8192 bytes a datagram (rsyslog's default message size limit).
/// </remarks>
internal sealed class LocalSyslogTarget(string socketPath) : SyslogTarget
{
    public const string DevLog = "/dev/log";

    public override int MaxMessageBytes => 8192;

    public string SocketPath => socketPath;

    public override string Header(AuditEntry entry, string appName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var local = entry.Timestamp.ToLocalTime();
        return string.Create(CultureInfo.InvariantCulture,
            $"<{Priority}>{local:MMM} {local.Day,2} {local:HH:mm:ss} {HeaderToken(appName, 48)}[{ProcessId}]: ");
    }

    protected override ValueTask<EndPoint> ResolveAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<EndPoint>(new UnixDomainSocketEndPoint(socketPath));
}
