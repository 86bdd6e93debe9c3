using System.Net;
using System.Net.Sockets;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Finds a TCP port on 127.0.0.1 that nothing listens on right now.</summary>
public static class FreePort
{
    /// <summary>
    /// A port the OS just handed out and released. Another process can still take it before the
    /// caller binds it, so callers that start servers retry on "address in use".
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
