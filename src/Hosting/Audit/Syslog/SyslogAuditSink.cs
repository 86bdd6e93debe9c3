using Microsoft.Extensions.Options;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit.Syslog;

/// <summary>
/// Sends each committed audit entry to syslog (<c>Audit:Syslog</c>), one datagram each, under the side's
/// name (<c>lowside</c>, <c>highside</c>): how sites keep a copy of the trail on a log host, out of reach of
/// whoever keeps the database. Datagrams are not acknowledged: a receiver that is down loses them, and the
/// sequence numbers on the log host show the gap.
/// </summary>
internal sealed class SyslogAuditSink(IOptions<AuditOptions> options, DataDirectory data) : IAuditSink
{
    // An operation waits for its audit copy at most this long (a slow resolver, a full local socket).
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);

    private readonly Lazy<SyslogTarget?> _target = new(() => SyslogTarget.Parse(options.Value.Syslog));

    public string Name => $"syslog {options.Value.Syslog}";

    public async Task SendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (_target.Value is not { } target || entries.Count == 0)
        {
            return;
        }

        var messages = entries.Select(entry => SyslogMessage.Format(target.Header(entry, data.Side.Name), entry, target.MaxMessageBytes)).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        await target.SendAsync(messages, timeout.Token);
    }
}
