namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A real CNCF distribution registry (<c>docker-registry serve</c>) on 127.0.0.1, storing in a
/// temporary directory, plain HTTP, no auth, delete enabled. Dispose to stop it and remove its data.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly DaemonProcess _daemon;

    private RegistryProcess(DaemonProcess daemon, string directory, int port)
    {
        _daemon = daemon;
        Directory = directory;
        Host = $"127.0.0.1:{port}";
        BaseUri = new Uri($"http://{Host}/");
    }

    /// <summary>"127.0.0.1:PORT", the registry part of image references.</summary>
    public string Host { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    /// <summary>Temporary directory holding the config and the registry's storage.</summary>
    public string Directory { get; }

    /// <summary>What the registry has logged so far (bounded).</summary>
    public string Output => _daemon.Output;

    /// <summary>Starts a registry and waits until <c>GET /v2/</c> answers (at most 15 s).</summary>
    /// <exception cref="InvalidOperationException">The registry could not start; the message carries its output.</exception>
    public static async Task<RegistryProcess> StartAsync(CancellationToken ct = default)
    {
        InvalidOperationException? last = null;
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "tp-registry-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            var port = FreePort.Next();
            var registry = Launch(directory, port);
            try
            {
                await registry._daemon.WaitForHttpAsync(new Uri(registry.BaseUri, "v2/"), StartTimeout, ct);
                return registry;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                last = new InvalidOperationException("The registry could not start: " + ex.Message, ex);
                await registry.DisposeAsync();
                // Another process may have taken the port between FreePort and the bind; try a new one.
                if (!ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }
        }

        throw last!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _daemon.KillAsync();
        }
        catch (TimeoutException)
        {
            // Refusing to die; the directory cleanup below still runs.
        }
        finally
        {
            await _daemon.DisposeAsync();
            TryDeleteDirectory(Directory);
        }
    }

    private static RegistryProcess Launch(string directory, int port)
    {
        var configPath = Path.Combine(directory, "config.yml");
        File.WriteAllText(configPath, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: test-secret-{Guid.NewGuid():N}
            """);

        try
        {
            return new RegistryProcess(DaemonProcess.Start(new ProcessCommand("docker-registry", ["serve", configPath])), directory, port);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            TryDeleteDirectory(directory);
            throw new InvalidOperationException(
                $"The registry could not start: docker-registry is not installed or not executable ({ex.Message}).", ex);
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory must not fail a test run.
        }
    }
}
