using System.Diagnostics;
using TransferPipeline.Shared.Scanning.Hooks;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Scanning.Hooks;

/// <summary>
/// A site's scanner runs without a shell, within its time limit, and every way it can fail is a failure with reason
/// scanner-failed, never an empty list of findings.
/// </summary>
[TestFixture]
internal sealed class ScannerCommandRunnerTests : HookFixture
{
    [Test]
    public async Task RunAsync_CleanReport_SucceedsWithNoFindings()
    {
        var result = await Scenario.RunAsync(Scenario.Emitting(HookScenario.Fixture("trivy-clean.sarif.json"), ScannerOutputFormat.Sarif));

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.ReasonCode, Is.Null);
        Assert.That(result.Scanner, Is.EqualTo("hook:site-scanner"));
    }

    [Test]
    public async Task RunAsync_ArgumentsWithShellCharacters_ArriveAsOneArgumentEach()
    {
        var seen = Scenario.Combine("arguments.txt");
        var options = HookScenario.Options(Scenario.Script(
            $"printf '%s\\n' \"$#\" \"$@\" > '{seen}'; cp '{HookScenario.Fixture("trivy-clean.sarif.json")}' \"$3\""));
        options.Arguments = ["--input={artifact}", "-o", "{output}", "{name}; touch pwned", "$(id) {kind}"];

        var result = await Scenario.RunAsync(options);

        Assert.That(result.Succeeded, Is.True, result.Message);
        var lines = await File.ReadAllLinesAsync(seen);
        Assert.That(lines[0], Is.EqualTo("5"));
        Assert.That(lines[1], Is.EqualTo($"--input={Scenario.ArtifactPath}"));
        Assert.That(lines[3], Does.EndWith("findings.json"));
        Assert.That(lines[4], Is.EqualTo($"{HookScenario.ArtifactName}; touch pwned"));
        Assert.That(lines[5], Is.EqualTo("$(id) image"));
        Assert.That(File.Exists(Scenario.Combine("pwned")), Is.False);
    }

    [Test]
    public async Task RunAsync_OutputDirectory_IsFreshAndRemovedAfterwards()
    {
        var seen = Scenario.Combine("output-path.txt");
        var options = HookScenario.Options(Scenario.Script(
            $"echo \"$2\" > '{seen}'; test ! -e \"$2\" || exit 9; cp '{HookScenario.Fixture("trivy-clean.sarif.json")}' \"$2\""));

        var result = await Scenario.RunAsync(options);

        Assert.That(result.Succeeded, Is.True, result.Message);
        var output = (await File.ReadAllTextAsync(seen)).Trim();
        Assert.That(Directory.Exists(Path.GetDirectoryName(output)), Is.False);
    }

    [Test]
    public async Task RunAsync_ScannerOutlivesTimeLimit_KilledWithItsChildrenAndFailed()
    {
        var pids = Scenario.Combine("pids.txt");
        var options = HookScenario.Options(Scenario.Script($"sleep 60 & echo $! > '{pids}'; echo $$ >> '{pids}'; sleep 60"));
        options.TimeoutSeconds = 1;
        var clock = Stopwatch.StartNew();

        var result = await Scenario.RunAsync(options);

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)));
        AssertFailed(result, ScannerFailure.TimedOut, "timed out after 1 s");
        foreach (var pid in await File.ReadAllLinesAsync(pids))
        {
            await Eventually.GetAsync(() => Task.FromResult(IsRunning(pid)), running => !running, TimeSpan.FromSeconds(5), $"pid {pid} gone");
        }
    }

    [Test]
    public async Task RunAsync_CallerCancels_KillsScannerAndThrows()
    {
        var pids = Scenario.Combine("pids.txt");
        var options = HookScenario.Options(Scenario.Script($"echo $$ > '{pids}'; sleep 60"));
        using var cancel = new CancellationTokenSource();

        var run = Scenario.RunAsync(options, cancel.Token);
        var pid = await Eventually.GetAsync(
            () => Task.FromResult(File.Exists(pids) ? File.ReadAllText(pids).Trim() : ""),
            text => text.Length > 0,
            TimeSpan.FromSeconds(10),
            "the scanner to start");
        await cancel.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        await Eventually.GetAsync(() => Task.FromResult(IsRunning(pid)), running => !running, TimeSpan.FromSeconds(5), "scanner gone");
    }

    [Test]
    public async Task RunAsync_NonZeroExit_FailedWithLastStderrLine()
    {
        var options = HookScenario.Options(Scenario.Script(
            $"cp '{HookScenario.Fixture("trivy-clean.sarif.json")}' \"$2\"; echo 'scanning...' >&2; echo 'FATAL: db corrupt' >&2; exit 3"));

        var result = await Scenario.RunAsync(options);

        AssertFailed(result, ScannerFailure.ExitCode, "exited with code 3: FATAL: db corrupt");
        Assert.That(result.StandardErrorTail, Does.Contain("scanning..."));
    }

    [TestCase(new int[0], 0, true)]
    [TestCase(new int[0], 1, false)]
    [TestCase(new[] { 0, 5 }, 5, true)]
    [TestCase(new[] { 0, 5 }, 1, false)]
    public async Task RunAsync_ExitCode_AcceptedOnlyWhenListed(int[] findingsExitCodes, int exitCode, bool succeeds)
    {
        var options = HookScenario.Options(Scenario.Script($"cp '{HookScenario.Fixture("trivy-image.sarif.json")}' \"$2\"; exit {exitCode}"));
        options.FindingsExitCodes = [.. findingsExitCodes];

        var result = await Scenario.RunAsync(options);

        Assert.That(result.Succeeded, Is.EqualTo(succeeds), result.Message);
    }

    [Test]
    public async Task RunAsync_LongStderr_KeepsOnlyTheTail()
    {
        var options = HookScenario.Options(Scenario.Script("head -c 3000000 /dev/zero | tr '\\0' x >&2; echo >&2; echo 'the end' >&2; exit 1"));

        var result = await Scenario.RunAsync(options);

        AssertFailed(result, ScannerFailure.ExitCode, "exited with code 1: the end");
        Assert.That(result.StandardErrorTail.Length, Is.LessThanOrEqualTo(4096));
        Assert.That(result.Message.Length, Is.LessThan(400));
    }

    [Test]
    public async Task RunAsync_NoOutputWritten_Failed()
    {
        var result = await Scenario.RunAsync(HookScenario.Options(Scenario.Script("echo 'nothing to do'")));

        AssertFailed(result, ScannerFailure.OutputMissing, "wrote no output file");
    }

    [TestCase("ln -s /etc/passwd \"$2\"", ScannerFailure.OutputMalformed, "not a regular file")]
    [TestCase("mkfifo \"$2\"", ScannerFailure.OutputMalformed, "empty")]
    [TestCase(": > \"$2\"", ScannerFailure.OutputMalformed, "empty")]
    [TestCase("mkdir \"$2\"", ScannerFailure.OutputMalformed, "not a regular file")]
    public async Task RunAsync_OutputNotARegularFile_Failed(string body, ScannerFailure failure, string message)
    {
        var result = await Scenario.RunAsync(HookScenario.Options(Scenario.Script(body)));

        AssertFailed(result, failure, message);
    }

    [Test]
    public async Task RunAsync_OutputLargerThanLimit_Failed()
    {
        var options = Scenario.Emitting(HookScenario.Fixture("trivy-image.sarif.json"), ScannerOutputFormat.Sarif);
        options.MaxOutputBytes = 1024;

        var result = await Scenario.RunAsync(options);

        AssertFailed(result, ScannerFailure.OutputTooLarge, "larger than 1 KiB");
    }

    [Test]
    public async Task RunAsync_ExecutableMissing_CouldNotStart()
    {
        var result = await Scenario.RunAsync(HookScenario.Options(Scenario.Combine("no-such-scanner")));

        AssertFailed(result, ScannerFailure.CouldNotStart, "could not start");
    }

    [Test]
    public async Task RunAsync_ExecutableNotExecutable_CouldNotStart()
    {
        var script = Scenario.Script("exit 0");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await Scenario.RunAsync(HookScenario.Options(script));

        AssertFailed(result, ScannerFailure.CouldNotStart, "could not start");
    }

    [Test]
    public void RunAsync_KindNotScanned_Throws()
    {
        var options = HookScenario.Options(Scenario.Script("exit 0"));
        options.Kinds = ["file"];

        Assert.That(async () => await Scenario.RunAsync(options), Throws.ArgumentException);
    }

    // A killed process stays a zombie until its parent reaps it; it no longer runs.
    private static bool IsRunning(string pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
