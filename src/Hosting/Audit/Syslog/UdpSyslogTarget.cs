using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit.Syslog;

/// <summary>
/// A remote receiver (<c>udp://HOST:PORT</c>), in RFC 5424 form:
/// <c>&lt;85&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID audit - MSG</c>.
/// </summary>
/// <remarks>
/// At most 1024 bytes a datagram: RFC 3164's limit, which every receiver takes and which no link's MTU
/// fragments. The host name is resolved at each send, so a receiver that moves is followed.
/// </remarks>
internal sealed class UdpSyslogTarget(string host, int port) : SyslogTarget
{
    public override int MaxMessageBytes => 1024;

    public string Host => host;

    public int Port => port;

    public override string Header(AuditEntry entry, string appName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var timestamp = entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"<{Priority}>1 {timestamp} {HostName} {HeaderToken(appName, 48)} {ProcessId} audit - ");
    }

    protected override async ValueTask<EndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        return addresses.Length > 0 ? new IPEndPoint(addresses[0], port) : throw new SocketException((int)SocketError.HostNotFound);
    }
}
