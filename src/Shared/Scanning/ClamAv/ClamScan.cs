using System.Diagnostics;
using System.Globalization;
using TransferPipeline.Shared.Scanning.Hooks;

namespace TransferPipeline.Shared.Scanning.ClamAv;

/// <summary>
/// Scans files with `clamscan` in one run (the database is loaded once per run, which takes seconds with the
/// official signatures). Every file must get a verdict line: a file the output does not mention, an error
/// line, a non-zero exit other than "found", or a run past its time limit fails the whole scan. <c>database</c>, when
/// given, is used instead of <see cref="ClamAvOptions.Database"/> (the high side's activated scanner data).
/// </summary>
public sealed class ClamScan(ClamAvOptions options, string? database = null)
{
    /// <summary>The scanner name findings carry.</summary>
    public const string ScannerName = "clamav";

    // ClamAV names a file it could not scan fully with these, when --alert-exceeds-max is on.
    private const string LimitsPrefix = "Heuristics.Limits.Exceeded";

    private const int MaxOutputLines = 1_000_000;

    private const int StandardErrorTailBytes = 16 * 1024;

    public async Task<MalwareScanResult> ScanAsync(IReadOnlyList<ScanTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var signatures = database ?? options.Database ?? throw new ScannerFailedException("Scanning:ClamAv:Database is not set");
        var version = ClamAvDatabase.DescribeVersion(signatures);
        if (targets.Count == 0)
        {
            return new MalwareScanResult([], version, 0);
        }

        var listFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(listFile, targets.Select(t => t.Path).Distinct(StringComparer.Ordinal), cancellationToken);
            var verdicts = await RunAsync(signatures, listFile, targets, cancellationToken);
            return new MalwareScanResult([.. targets.SelectMany(t => Findings(t, verdicts[t.Path], version))], version, targets.Count);
        }
        finally
        {
            File.Delete(listFile);
        }
    }

    private async Task<Dictionary<string, List<string>>> RunAsync(
        string signatures, string listFile, IReadOnlyList<ScanTarget> targets, CancellationToken cancellationToken)
    {
        var maxSize = options.MaxFileSizeMiB.ToString(CultureInfo.InvariantCulture) + "M";
        var start = new ProcessStartInfo(options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                "--no-summary", "--stdout", "--database=" + signatures, "--max-filesize=" + maxSize, "--max-scansize=" + maxSize,
                "--alert-exceeds-max=yes", "--file-list=" + listFile,
            },
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ScannerFailedException($"{options.Executable} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ScannerFailedException($"{options.Executable} could not be started: {ex.Message}", ex);
        }

        using (process)
        {
            // Only its end is kept: a scanner that writes without end to stderr cannot fill the daemon's memory.
            var errors = new OutputTail(StandardErrorTailBytes);
            var draining = errors.DrainAsync(process.StandardError.BaseStream);
            var verdicts = targets.Select(t => t.Path).Distinct(StringComparer.Ordinal).ToDictionary(p => p, _ => new List<string>(), StringComparer.Ordinal);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                await ReadVerdictsAsync(process.StandardOutput, verdicts, limit.Token);
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new ScannerFailedException($"clamscan did not finish within {options.TimeoutSeconds} s and was stopped");
            }

            await draining;
            if (process.ExitCode is not (0 or 1))
            {
                throw new ScannerFailedException($"clamscan failed with exit code {process.ExitCode}: {Described(errors.LastLine())}");
            }

            if (verdicts.FirstOrDefault(v => v.Value.Count == 0) is { Key: not null } silent)
            {
                throw new ScannerFailedException($"clamscan gave no verdict for {silent.Key}");
            }

            return verdicts;
        }
    }

    // Lines are "PATH: OK", "PATH: NAME FOUND" or "PATH: MESSAGE ERROR"; PATH is one of ours, so it is matched
    // exactly rather than split at the first colon (paths may hold colons).
    private static async Task ReadVerdictsAsync(StreamReader output, Dictionary<string, List<string>> verdicts, CancellationToken cancellationToken)
    {
        var lines = 0;
        while (await output.ReadLineAsync(cancellationToken) is { } line)
        {
            if (++lines > MaxOutputLines)
            {
                throw new ScannerFailedException("clamscan wrote more output than any scan of these files can produce");
            }

            var separator = line.LastIndexOf(": ", StringComparison.Ordinal);
            while (separator > 0 && !verdicts.ContainsKey(line[..separator]))
            {
                separator = line.LastIndexOf(": ", separator - 1, StringComparison.Ordinal);
            }

            if (separator <= 0)
            {
                continue;
            }

            var verdict = line[(separator + 2)..];
            if (verdict.EndsWith(" ERROR", StringComparison.Ordinal))
            {
                throw new ScannerFailedException($"clamscan could not scan {line[..separator]}: {verdict[..^6]}");
            }

            verdicts[line[..separator]].Add(verdict);
        }
    }

    private static IEnumerable<ScanFinding> Findings(ScanTarget target, List<string> verdicts, string version)
    {
        foreach (var verdict in verdicts.Where(v => v.EndsWith(" FOUND", StringComparison.Ordinal)))
        {
            var name = verdict[..^6];
            yield return name.StartsWith(LimitsPrefix, StringComparison.Ordinal)
                // Critical, so that it blocks at every Policy:Scan:BlockAt: what was not scanned is never passed as clean.
                ? new ScanFinding($"not-scanned:{name}@{target.Subject}", ScanFindingKind.Policy, ScannerName, ScanSeverity.Critical,
                    target.Subject, $"too large for ClamAV to scan in full ({name})", version)
                : new ScanFinding($"malware:{name}@{target.Subject}", ScanFindingKind.Malware, ScannerName, ScanSeverity.Critical,
                    target.Subject, name, version);
        }
    }

    private static string Described(string lastLine) => lastLine.Length == 0 ? "no message" : lastLine;
}
