using System.Diagnostics;
using System.Text;
using TransferPipeline.LowSide.Hosting;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Support;

/// <summary>The built `lowside serve` as a child process (dotnet lowside.dll), on a free loopback port.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(DataDirectory data)
    {
        BaseUri = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var dll = Path.Combine(AppContext.BaseDirectory, "lowside.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[dll, "serve", "--data", data.Root])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOWSIDE__Http__Urls"] = BaseUri.ToString().TrimEnd('/');
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

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

    public static async Task<ServeProcess> StartAsync(DataDirectory data)
    {
        var serve = new ServeProcess(data);
        serve.Http.BaseAddress = serve.BaseUri;
        serve._process.Start();
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (serve._process.HasExited)
            {
                throw new InvalidOperationException($"lowside serve exited with {serve._process.ExitCode}:\n{serve.Output}");
            }

            try
            {
                using var response = await serve.Http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return serve;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await serve.DisposeAsync();
        throw new TimeoutException($"lowside serve did not become healthy in {StartTimeout}:\n{serve.Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGTERM, then wait for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 256 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
