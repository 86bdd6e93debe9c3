using System.Net;
using System.Net.Sockets;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>A syslog receiver on 127.0.0.1 (UDP, on a port the OS picks), standing in for a site's log host.</summary>
public sealed class SyslogReceiver : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    /// <summary>The <c>Audit:Syslog</c> value that sends here.</summary>
    public string Target => $"udp://127.0.0.1:{((IPEndPoint)_client.Client.LocalEndPoint!).Port}";

    /// <summary>An <c>Audit:Syslog</c> value where nothing listens: a receiver that is down.</summary>
    public static string DownTarget()
    {
        using var closed = new SyslogReceiver();
        return closed.Target;
    }

    /// <summary>The next <paramref name="count"/> messages, in the order they arrived; fails after 10 seconds.</summary>
    public async Task<List<SyslogDatagram>> ReceiveAsync(int count)
    {
        var received = new List<SyslogDatagram>();
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        while (received.Count < count)
        {
            var result = await _client.ReceiveAsync(timeout.Token);
            received.Add(SyslogDatagram.Parse(result.Buffer));
        }

        return received;
    }

    /// <summary>
    /// Appends every message received to <paramref name="file"/>, one per line as a log host keeps them, until none has
    /// arrived for <paramref name="quiet"/>; returns how many.
    /// </summary>
    public async Task<int> KeepAsync(string file, TimeSpan quiet)
    {
        var kept = 0;
        await using var output = new FileStream(file, FileMode.Append);
        while (true)
        {
            using var timeout = new CancellationTokenSource(quiet);
            try
            {
                var result = await _client.ReceiveAsync(timeout.Token);
                await output.WriteAsync(result.Buffer);
                output.WriteByte((byte)'\n');
                kept++;
            }
            catch (OperationCanceledException)
            {
                return kept;
            }
        }
    }

    /// <summary>True if another message arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> ReceivesMoreWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _client.ReceiveAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
