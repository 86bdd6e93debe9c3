using System.Text;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.EndToEnd.Tests.Support;

/// <summary>
/// Every daemon a test started, killed ones included, under a label ("lowside serve #1"): disposing
/// stops those still running, and <see cref="Describe"/> gives their captured output for failure messages.
/// </summary>
internal sealed class DaemonRuns : IAsyncDisposable
{
    private const int TailCharacters = 12_000;
    private readonly List<(string Label, DaemonProcess Daemon)> _runs = [];

    /// <summary>
    /// Starts `serve` of <paramref name="cli"/>, recorded as "<paramref name="name"/> serve #n", and waits
    /// until <paramref name="health"/> answers.
    /// </summary>
    public async Task<DaemonProcess> StartServeAsync(string name, ProductExecutable cli, Uri health, TimeSpan timeout, CancellationToken ct)
    {
        var daemon = await cli.StartServeAsync(health, timeout, ct);
        lock (_runs)
        {
            var label = $"{name} serve #{_runs.Count(r => r.Label.StartsWith(name + " ", StringComparison.Ordinal)) + 1}";
            _runs.Add((label, daemon));
        }

        return daemon;
    }

    /// <summary>The end of each daemon's output, in start order.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        lock (_runs)
        {
            foreach (var (label, daemon) in _runs)
            {
                var output = daemon.Output;
                var tail = output.Length > TailCharacters ? "[...]\n" + output[^TailCharacters..] : output;
                text.Append("\n===== ").Append(label).Append(daemon.HasExited ? " (exited)" : " (running)").Append(" =====\n").Append(tail);
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, daemon) in _runs)
        {
            await daemon.DisposeAsync();
        }
    }
}
