using System.Diagnostics;
using System.Globalization;
using RabbitMQ.Client;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A private RabbitMQ node for tests (Debian's rabbitmq-server, no system service): its own directories, its own epmd on a
/// free port, listening on 127.0.0.1 on a free (never the default) port with its own user and password. Killed and started
/// again with the same directories it keeps its durable queues, as a broker restart at a site does. A node that cannot start
/// fails the test with its output.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    // A node boots in 5-10 s on a quiet machine; two booting at once beside the rest of the suite on two cores took over 60 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly TempDirectory _root = new("rabbitmq");
    private readonly int _distributionPort = FreePort.Next();
    private readonly int _epmdPort = FreePort.Next();
    private readonly string _node = "tp" + Guid.NewGuid().ToString("N")[..8] + "@localhost";
    private DaemonProcess? _epmd;
    private DaemonProcess? _server;

    private RabbitMqServer()
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    public string Username { get; } = "transfer";

    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The Bus settings of a daemon that uses this node, as environment variables of <paramref name="side"/> (LOWSIDE, HIGHSIDE).</summary>
    public IReadOnlyDictionary<string, string> BusEnvironment(string side) => new Dictionary<string, string>
    {
        [side + "__Bus__Transport"] = "RabbitMq",
        [side + "__Bus__Host"] = "127.0.0.1",
        [side + "__Bus__Port"] = Port.ToString(CultureInfo.InvariantCulture),
        [side + "__Bus__Username"] = Username,
        [side + "__Bus__Password"] = Password,
    };

    public static async Task<RabbitMqServer> StartAsync()
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException($"{ServerScript} is missing: install Debian's rabbitmq-server (scripts/setup.sh)");
        }

        var server = new RabbitMqServer();
        try
        {
            server.Prepare();
            await server.StartNodeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL to the node (a broker crash); the directories stay.</summary>
    public async Task KillAsync()
    {
        if (_server is not null)
        {
            await _server.KillAsync();
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>Starts the node again on the same port and directories.</summary>
    public Task RestartAsync() => StartNodeAsync();

    /// <summary>Deletes a queue and the exchange of the same name (MassTransit's pair for an endpoint), as on a fresh broker.</summary>
    public async Task DeleteEndpointAsync(string name)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(name);
        await channel.ExchangeDeleteAsync(name);
    }

    /// <summary>How many messages wait in <paramref name="queue"/>; null while there is no such queue.</summary>
    public async Task<uint?> MessagesWaitingAsync(string queue)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_epmd is not null)
        {
            await _epmd.KillAsync();
            await _epmd.DisposeAsync();
        }

        _root.Dispose();
    }

    private void Prepare()
    {
        foreach (var directory in new[] { "mnesia", "log", "home" })
        {
            Directory.CreateDirectory(_root.Combine(directory));
        }

        File.WriteAllText(_root.Combine("enabled_plugins"), "[].");
        File.WriteAllText(_root.Combine("rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            loopback_users = none
            default_user = {Username}
            default_pass = {Password}
            default_vhost = /
            """);
        if (Environment.IsPrivilegedProcess)
        {
            // The node runs as the rabbitmq account (Erlang refuses nothing as root, but the package's files are rabbitmq's).
            var chown = Process.Start("chown", ["-R", "rabbitmq:rabbitmq", _root.Path]);
            chown.WaitForExit();
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown of {_root.Path} to rabbitmq failed ({chown.ExitCode})");
            }
        }
    }

    private async Task StartNodeAsync()
    {
        _epmd ??= DaemonProcess.Start(AsNodeUser("/usr/bin/epmd", ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture)]));
        _server = DaemonProcess.Start(AsNodeUser(ServerScript, []));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"RabbitMQ exited with {_server.ExitCode} before it accepted connections:\n{_server.Output}");
            }

            if (await AcceptsAsync())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"RabbitMQ did not accept an AMQP connection on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s:\n{_server.Output}");
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            await using var connection = await Factory().CreateConnectionAsync();
            return connection.IsOpen;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private ConnectionFactory Factory() => new()
    {
        HostName = "127.0.0.1",
        Port = Port,
        UserName = Username,
        Password = Password,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
    };

    private ProcessCommand AsNodeUser(string program, IReadOnlyList<string> arguments)
    {
        string[] environment =
        [
            $"RABBITMQ_NODENAME={_node}",
            $"RABBITMQ_NODE_PORT={Port}",
            $"RABBITMQ_DIST_PORT={_distributionPort}",
            "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
            $"RABBITMQ_MNESIA_BASE={_root.Combine("mnesia")}",
            $"RABBITMQ_LOG_BASE={_root.Combine("log")}",
            $"RABBITMQ_ENABLED_PLUGINS_FILE={_root.Combine("enabled_plugins")}",
            $"RABBITMQ_CONFIG_FILE={_root.Combine("rabbitmq")}",
            $"ERL_EPMD_PORT={_epmdPort}",
            $"HOME={_root.Combine("home")}",
        ];
        return Environment.IsPrivilegedProcess
            ? new ProcessCommand("runuser", ["-u", "rabbitmq", "--", "env", .. environment, program, .. arguments])
            : new ProcessCommand("env", [.. environment, program, .. arguments]);
    }
}
