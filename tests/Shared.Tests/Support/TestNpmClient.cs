namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// The real npm client in a temporary project, cut off from the user's configuration and cache (its own HOME, userconfig
/// and --cache), without audit or funding requests: it reaches nothing but the registry it is given.
/// </summary>
public sealed class TestNpmClient : IDisposable
{
    private readonly TempDirectory _root = new("npm-client");

    public TestNpmClient()
    {
        Directory.CreateDirectory(Project);
        File.WriteAllText(Path.Combine(Project, "package.json"), """{"name":"consumer","version":"1.0.0","private":true}""");
        File.WriteAllText(_root.Combine(".npmrc"), "");
    }

    /// <summary>The project directory npm runs in (package.json, node_modules, package-lock.json).</summary>
    public string Project => _root.Combine("project");

    public Task<ProcessResult> NpmAsync(params string[] arguments) =>
        RunAsync(ProcessRunner.Require("npm"), [.. arguments, "--cache", _root.Combine("cache"), "--no-audit", "--no-fund", "--no-update-notifier"]);

    /// <summary>Runs <paramref name="script"/> with node in the project: what an installed package does when required.</summary>
    public Task<ProcessResult> NodeAsync(string script) => RunAsync(ProcessRunner.Require("node"), ["-e", script]);

    /// <summary>Empties npm's cache, so that the next command fetches every tarball.</summary>
    public void ClearCache()
    {
        if (Directory.Exists(_root.Combine("cache")))
        {
            Directory.Delete(_root.Combine("cache"), recursive: true);
        }
    }

    public string InstalledPackageJson(string name) => File.ReadAllText(Path.Combine(Project, "node_modules", name, "package.json"));

    public void Dispose() => _root.Dispose();

    private Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments) =>
        ProcessRunner.RunAsync(new ProcessCommand(tool, arguments)
        {
            WorkingDirectory = Project,
            Environment = new Dictionary<string, string>
            {
                ["HOME"] = _root.Path,
                ["npm_config_userconfig"] = _root.Combine(".npmrc"),
                ["npm_config_globalconfig"] = _root.Combine("global.npmrc"),
                ["npm_config_cache"] = _root.Combine("cache"),
                ["npm_config_proxy"] = "",
                ["npm_config_https_proxy"] = "",
                ["http_proxy"] = "",
                ["https_proxy"] = "",
            },
        }, TimeSpan.FromMinutes(3));
}
