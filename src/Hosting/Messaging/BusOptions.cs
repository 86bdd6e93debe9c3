namespace TransferPipeline.Hosting.Messaging;

/// <summary>
/// Configuration section "Bus", the same on both sides. Messages only wake workers (the database holds
/// the truth), so the in-memory transport is the default; RabbitMQ is for sites that run several
/// workers. The broker is given either as <see cref="Uri"/> (amqp:// or amqps://, with credentials,
/// port and virtual host) or by its parts. The password is a secret: never logged.
/// </summary>
public sealed class BusOptions
{
    public const string Section = "Bus";
    public const string InMemory = "InMemory";
    public const string RabbitMq = "RabbitMq";

    /// <summary>InMemory or RabbitMq; case does not matter.</summary>
    public string Transport { get; set; } = InMemory;

    /// <summary>amqp://user:password@host:port/vhost or amqps://...; when set, the parts below are not used.</summary>
    public string? Uri { get; set; }

    public string Host { get; set; } = "localhost";

    /// <summary>5672, or 5671 with <see cref="UseTls"/>, unless set.</summary>
    public int? Port { get; set; }

    public string VirtualHost { get; set; } = "/";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    public bool IsRabbitMq => string.Equals(Transport, RabbitMq, StringComparison.OrdinalIgnoreCase);

    public bool IsInMemory => string.Equals(Transport, InMemory, StringComparison.OrdinalIgnoreCase);

    /// <summary>The broker to connect to, from <see cref="Uri"/> or the parts.</summary>
    public BrokerAddress Broker()
    {
        if (string.IsNullOrWhiteSpace(Uri))
        {
            return new BrokerAddress(Host, Port ?? (UseTls ? 5671 : 5672), VirtualHost, Username ?? "guest", Password ?? "guest", UseTls);
        }

        var uri = new Uri(Uri);
        var tls = uri.Scheme == "amqps";
        var credentials = uri.UserInfo.Split(':', 2);
        var path = System.Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new BrokerAddress(
            uri.Host,
            uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port,
            path.Length == 0 ? "/" : path,
            credentials[0].Length > 0 ? System.Uri.UnescapeDataString(credentials[0]) : "guest",
            credentials.Length > 1 ? System.Uri.UnescapeDataString(credentials[1]) : "guest",
            tls);
    }

    public override string ToString() => IsRabbitMq ? $"{Transport} {Broker()}" : Transport;
}
