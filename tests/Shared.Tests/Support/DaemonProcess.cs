using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A long-running process (a `serve` daemon, a registry, a web server) whose output is captured while
/// it runs. <see cref="StopAsync"/> sends SIGTERM, as a service manager would; <see cref="KillAsync"/>
/// sends SIGKILL, as a crash or a power cut would. Disposing stops it if it still runs.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private const int MaxOutputCharacters = 1_000_000;
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(ProcessCommand command)
    {
        Command = command;
        _process = command.Start();
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
    }

    public ProcessCommand Command { get; }

    /// <summary>Standard output and standard error so far, line by line (the first million characters).</summary>
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

    public bool HasExited => _process.HasExited;

    /// <summary>The process id (a worker's id in the workers table names it).</summary>
    public int Pid => _process.Id;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="command"/>; its standard input is closed at once.</summary>
    public static DaemonProcess Start(ProcessCommand command) => new(command);

    /// <summary>SIGKILL to the process and its children, then waits for the exit: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await WaitForExitAsync(GracePeriod);
    }

    /// <summary>Sends SIGTERM (with the real <c>kill</c>) and returns how <c>kill</c> exited.</summary>
    public Task<ProcessResult> TerminateAsync() =>
        ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>SIGTERM, then waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var term = await TerminateAsync();
        if (term.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"could not send SIGTERM to '{Command}': {term}");
        }

        return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the process to exit; returns its exit code, or throws <see cref="TimeoutException"/> with the output.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"'{Command}' did not exit within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Waits until GET <paramref name="address"/> answers with a success status. Throws with the output
    /// so far: <see cref="InvalidOperationException"/> when the process exits first, <see cref="TimeoutException"/>
    /// when <paramref name="timeout"/> runs out.
    /// </summary>
    public async Task WaitForHttpAsync(Uri address, TimeSpan timeout, CancellationToken ct = default)
    {
        using var http = new HttpClient { Timeout = ProbeTimeout };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"'{Command}' exited with {_process.ExitCode} before {address} answered:\n{Output}");
            }

            if (await AnswersAsync(http, address, ct))
            {
                return;
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException($"'{Command}' did not answer at {address} within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await TerminateAsync();
                await WaitForExitAsync(GracePeriod);
            }
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri address, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(address, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // Not listening yet.
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < MaxOutputCharacters)
            {
                _output.AppendLine(line);
            }
        }
    }
}
