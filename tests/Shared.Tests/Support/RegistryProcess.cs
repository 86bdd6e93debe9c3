using System.Diagnostics;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A real CNCF distribution registry (<c>docker-registry serve</c>) on 127.0.0.1, storing in a
/// temporary directory, plain HTTP, no auth, delete enabled. Dispose to stop it and remove its data.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;
    private const int MaxCapturedOutput = 64 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private RegistryProcess(Process process, StringBuilder output, string directory, int port)
    {
        _process = process;
        _output = output;
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
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

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
                await registry.WaitUntilReadyAsync(ct);
                return registry;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
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
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refusing to die; the directory cleanup below still runs.
        }
        finally
        {
            _process.Dispose();
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

        var startInfo = new ProcessStartInfo("docker-registry")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(configPath);

        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        DataReceivedEventHandler capture = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                if (output.Length < MaxCapturedOutput)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += capture;
        process.ErrorDataReceived += capture;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            TryDeleteDirectory(directory);
            throw new InvalidOperationException($"The registry could not start: docker-registry is not installed or not executable ({ex.Message}).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RegistryProcess(process, output, directory, port);
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(ct);
                throw new InvalidOperationException($"The registry could not start: docker-registry exited with code {_process.ExitCode}. Its output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "v2/"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(50, ct);
        }

        throw new InvalidOperationException($"The registry could not start: GET {BaseUri}v2/ did not answer within {StartTimeout.TotalSeconds:0} s. Its output:\n{Output}");
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
