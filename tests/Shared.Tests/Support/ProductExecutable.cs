namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The `lowside` or `highside` executable, run as an operator runs it: a command to its end through
/// <see cref="ProcessRunner"/>, or a long-running one (`serve`) as a <see cref="DaemonProcess"/>. Optionally bound to
/// environment variables and to a data directory (<c>--data</c> before the arguments). Which build runs: the published
/// one in <c>$TP_PUBLISHED_DIR/&lt;name&gt;/</c> when that variable is set (<see cref="PublishedExecutables"/>), else the
/// solution's build as <c>dotnet &lt;name&gt;.dll</c>.
/// </summary>
public sealed class ProductExecutable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private readonly string _name;
    private readonly string[] _launcher;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string? _data;

    private ProductExecutable(string name, string[] launcher, IReadOnlyDictionary<string, string> environment, string? data)
    {
        _name = name;
        _launcher = launcher;
        _environment = environment;
        _data = data;
    }

    public static ProductExecutable LowSide(IReadOnlyDictionary<string, string>? environment = null) =>
        Create("LowSide", "lowside", environment);

    public static ProductExecutable HighSide(IReadOnlyDictionary<string, string>? environment = null) =>
        Create("HighSide", "highside", environment);

    /// <summary>
    /// The low side's full executable itself, where <see cref="LowSide"/> is its Native AOT front when published: for tests
    /// that compare the two. Unpublished, the same as <see cref="LowSide"/>.
    /// </summary>
    public static ProductExecutable LowSideFull(IReadOnlyDictionary<string, string>? environment = null) =>
        PublishedExecutables.LocateFull("lowside") is { } full
            ? new("lowside", [full], environment ?? new Dictionary<string, string>(), null)
            : LowSide(environment);

    /// <summary>The file this starts: the published executable, or the dll that dotnet runs.</summary>
    public string Program => _launcher[^1];

    /// <summary>The same executable with <c>--data <paramref name="dataDirectory"/></c> before every command's arguments.</summary>
    public ProductExecutable WithData(string dataDirectory) => new(_name, _launcher, _environment, dataDirectory);

    // A test runner started by systemd passes these on, which would switch the daemons' console log to JSON; a test sets them itself.
    private static readonly Dictionary<string, string> NotUnderSystemd = new() { ["JOURNAL_STREAM"] = "", ["INVOCATION_ID"] = "" };

    public ProcessCommand Command(IEnumerable<string> arguments)
    {
        string[] all = _data is null ? [.. arguments] : ["--data", _data, .. arguments];
        return new ProcessCommand(_launcher[0], [.. _launcher[1..], .. all])
        {
            Environment = new Dictionary<string, string>(NotUnderSystemd.Concat(_environment).GroupBy(e => e.Key).Select(g => g.Last()))
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            },
            Display = string.Join(' ', [_name, .. all]),
        };
    }

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, DefaultTimeout);

    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null) =>
        ProcessRunner.RunAsync(Command(arguments), timeout, standardInput);

    /// <summary>Runs the command and fails the test with its whole output unless it exits 0.</summary>
    public async Task<ProcessResult> SucceedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.That(result.ExitCode, Is.Zero, () => $"{Command(arguments)} failed:\n{result}");
        return result;
    }

    /// <summary>Starts a long-running command; the caller stops or kills it.</summary>
    public DaemonProcess StartDaemon(params string[] arguments) => DaemonProcess.Start(Command(arguments));

    /// <summary>Starts `serve` and returns once GET <paramref name="health"/> answers; stops it again if it never does.</summary>
    public async Task<DaemonProcess> StartServeAsync(Uri health, TimeSpan timeout, CancellationToken ct = default)
    {
        var serve = StartDaemon("serve");
        try
        {
            await serve.WaitForHttpAsync(health, timeout, ct);
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    private static ProductExecutable Create(string projectFolder, string name, IReadOnlyDictionary<string, string>? environment)
    {
        string[] launcher = PublishedExecutables.Locate(name) is { } published
            ? [published]
            : ["dotnet", Locate(projectFolder, name + ".dll")];
        return new(name, launcher, environment ?? new Dictionary<string, string>(), null);
    }

    // A test project that references the product (HighSide.Tests, LowSide.Tests) has the dll in its own
    // output directory. EndToEnd.Tests references it with ReferenceOutputAssembly=false, so the dll sits
    // where the product builds it: src/<Side>/bin/<Configuration>/<framework>, as the tests are built.
    private static string Locate(string projectFolder, string dll)
    {
        var own = Path.Combine(AppContext.BaseDirectory, dll);
        if (File.Exists(own))
        {
            return own;
        }

        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TransferPipeline.sln")))
        {
            root = root.Parent;
        }

        var built = root is null ? null : Path.Combine(root.FullName, "src", projectFolder, "bin", output.Parent!.Name, output.Name, dll);
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException(
                $"{dll} is neither in {AppContext.BaseDirectory} nor built at {built ?? "src/" + projectFolder}: build the solution first",
                dll);
    }
}
