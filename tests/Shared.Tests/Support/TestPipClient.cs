namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The real pip (<c>python3 -m pip</c>, the python3 on PATH: pyenv's or Debian's with python3-pip) installing into a
/// temporary target directory (<c>--target</c>, so Debian's externally-managed interpreter accepts it), with no
/// configuration file, cache, user site or proxy: it reaches nothing but the index it is given.
/// </summary>
public sealed class TestPipClient : IDisposable
{
    private readonly TempDirectory _root = new("pip-client");

    /// <summary>Where packages are installed, and the PYTHONPATH <see cref="PythonAsync"/> runs with.</summary>
    public string Target => _root.Combine("target");

    /// <summary>A directory for the test's own files (a requirements.txt).</summary>
    public string Work => Directory.CreateDirectory(_root.Combine("work")).FullName;

    /// <summary>pip install into <see cref="Target"/> from <paramref name="indexUrl"/> only; the arguments name what to install.</summary>
    public Task<ProcessResult> InstallAsync(string indexUrl, params string[] arguments) =>
        PipAsync(["install", "--target", Target, "--no-cache-dir", "--disable-pip-version-check", "--no-input", "--index-url", indexUrl,
            .. arguments]);

    /// <summary>Any pip command (<c>pip hash FILE</c>, <c>pip download</c>).</summary>
    public Task<ProcessResult> PipAsync(IReadOnlyList<string> arguments) => RunAsync(["-m", "pip", .. arguments]);

    /// <summary>Runs <paramref name="script"/> with the installed packages importable.</summary>
    public Task<ProcessResult> PythonAsync(string script) => RunAsync(["-c", script]);

    public void Dispose() => _root.Dispose();

    // HOME stays the caller's: pyenv's shims find their interpreter through it.
    private Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments) =>
        ProcessRunner.RunAsync(new ProcessCommand(ProcessRunner.Require("python3"), arguments)
        {
            WorkingDirectory = Work,
            Environment = new Dictionary<string, string>
            {
                ["PYTHONPATH"] = Target,
                ["PYTHONNOUSERSITE"] = "1",
                ["PIP_CONFIG_FILE"] = "/dev/null",
                ["PIP_NO_INPUT"] = "1",
                ["http_proxy"] = "",
                ["https_proxy"] = "",
                ["HTTP_PROXY"] = "",
                ["HTTPS_PROXY"] = "",
                ["no_proxy"] = "127.0.0.1",
            },
        }, TimeSpan.FromMinutes(3));
}
