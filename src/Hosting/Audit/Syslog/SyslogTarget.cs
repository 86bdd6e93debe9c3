using System.Net;
using System.Net.Sockets;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Audit.Syslog;

/// <summary>
/// Where <c>Audit:Syslog</c> sends audit entries, one datagram each: the local socket or a UDP receiver.
/// Each target writes the header its receiver parses and keeps to the size its receiver takes.
/// </summary>
internal abstract class SyslogTarget
{
    public const string Local = "local";

    /// <summary>
    /// Facility authpriv (10), severity notice (5). authpriv is the facility for security messages kept
    /// private: syslog daemons file it apart from general logs (Debian: auth.log, readable by adm only), and
    /// the entries name officers, operators and what they did.
    /// </summary>
    public const int Priority = (10 * 8) + 5;

    private const int DefaultUdpPort = 514;

    /// <summary>What identifies the sender in a header: printable ASCII without spaces, at most 64 characters, or "-".</summary>
    protected static string HostName { get; } = HeaderToken(Environment.MachineName, 64);

    protected static int ProcessId { get; } = Environment.ProcessId;

    /// <summary>The largest datagram sent, header included; longer entries are cut (<see cref="SyslogMessage"/>).</summary>
    public abstract int MaxMessageBytes { get; }

    /// <summary>The target for an <c>Audit:Syslog</c> value, or null when it is empty (off).</summary>
    /// <exception cref="FormatException">The value is none of the forms <see cref="IsValid"/> accepts.</exception>
    public static SyslogTarget? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value == Local)
        {
            return new LocalSyslogTarget(LocalSyslogTarget.DevLog);
        }

        return TryParseUdp(value, out var host, out var port)
            ? new UdpSyslogTarget(host, port)
            : throw new FormatException($"'{value}' is not a syslog target: use '{Local}' or udp://HOST:PORT");
    }

    /// <summary>Empty, <c>local</c>, or <c>udp://HOST[:PORT]</c> with nothing else (no user, path or query).</summary>
    public static bool IsValid(string? value) =>
        string.IsNullOrWhiteSpace(value) || value == Local || TryParseUdp(value, out _, out _);

    /// <summary>The syslog header that precedes the message of <paramref name="entry"/>, ASCII only.</summary>
    public abstract string Header(AuditEntry entry, string appName);

    /// <summary>Sends each message as one datagram, in order, on a socket of its own.</summary>
    public async Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var endPoint = await ResolveAsync(cancellationToken);
        var protocol = endPoint.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Udp;
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, protocol);
        foreach (var message in messages)
        {
            await socket.SendToAsync(message, SocketFlags.None, endPoint, cancellationToken);
        }
    }

    /// <summary>Printable ASCII without spaces, cut to <paramref name="maxLength"/>; "-" (NILVALUE) when nothing is left.</summary>
    protected static string HeaderToken(string value, int maxLength)
    {
        var token = new string([.. value.Where(c => c is > ' ' and <= '~').Take(maxLength)]);
        return token.Length == 0 ? "-" : token;
    }

    protected abstract ValueTask<EndPoint> ResolveAsync(CancellationToken cancellationToken);

    private static bool TryParseUdp(string value, out string host, out int port)
    {
        host = "";
        port = 0;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "udp" || uri.DnsSafeHost.Length == 0
            || uri.UserInfo.Length > 0 || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        host = uri.DnsSafeHost;
        port = uri.Port < 0 ? DefaultUdpPort : uri.Port;
        return port > 0;
    }
}
