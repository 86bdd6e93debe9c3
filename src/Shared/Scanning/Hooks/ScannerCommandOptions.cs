namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// One entry of <c>Scanning:Commands</c>: a site's own scanner (Trivy, Grype) run on each artifact, without a shell,
/// whose SARIF or CycloneDX output becomes findings reported as <c>hook:NAME</c>.
/// </summary>
public sealed class ScannerCommandOptions
{
    public const int DefaultTimeoutSeconds = 300;

    public const long DefaultMaxOutputBytes = 16 * 1024 * 1024;

    /// <summary>Letters, digits and <c>-</c>; findings are reported by scanner <c>hook:NAME</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Absolute path of the program; it is started directly, never through a shell.</summary>
    public string Executable { get; set; } = "";

    /// <summary>
    /// One string per argument. Placeholders: <c>{artifact}</c> (the artifact's file or OCI layout directory),
    /// <c>{output}</c> (a fresh file the tool must write), <c>{kind}</c> and <c>{name}</c> (the artifact's kind and name).
    /// </summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>What the tool writes to <c>{output}</c>.</summary>
    public ScannerOutputFormat Format { get; set; } = ScannerOutputFormat.Sarif;

    /// <summary>Past this the tool is killed with its child processes and the artifact's scan fails.</summary>
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>A larger output file is refused, not read.</summary>
    public long MaxOutputBytes { get; set; } = DefaultMaxOutputBytes;

    /// <summary>
    /// Exit codes meaning "ran to the end" (with or without findings); empty means only 0. Add the code a tool uses for
    /// "found something" when it is told to: Trivy's <c>--exit-code N</c>, Grype's <c>--fail-on</c> (2). Any other exit
    /// code fails the scan, whatever the output file holds.
    /// </summary>
    public List<int> FindingsExitCodes { get; set; } = [];

    /// <summary>Artifact kinds (<c>image</c>, <c>file</c>, <c>chart</c>) this tool scans; empty means all.</summary>
    public List<string> Kinds { get; set; } = [];

    /// <summary>The scanner name findings carry: <c>hook:NAME</c>.</summary>
    public string ScannerName => $"hook:{Name}";

    public bool AppliesTo(string kind) => Kinds.Count == 0 || Kinds.Contains(kind, StringComparer.Ordinal);

    public bool IsFindingsExitCode(int exitCode) => FindingsExitCodes.Count == 0 ? exitCode == 0 : FindingsExitCodes.Contains(exitCode);
}
