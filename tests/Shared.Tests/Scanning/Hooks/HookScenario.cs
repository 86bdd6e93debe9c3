using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning.Hooks;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.Shared.Tests.Scanning.Hooks;

/// <summary>
/// An artifact (an OCI layout directory) and scanners that are small bash scripts written into a temp directory, called as a
/// site would configure Trivy: <c>SCRIPT {artifact} {output} {name} {kind}</c>.
/// </summary>
internal sealed class HookScenario : IDisposable
{
    public const string ArtifactName = "registry.example/app:1.0";

    private readonly TempDirectory _temp = new("scan-hook");
    private int _scripts;

    public HookScenario()
    {
        ArtifactPath = _temp.Combine("artifacts", "app-layout");
        Directory.CreateDirectory(Path.Combine(ArtifactPath, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(ArtifactPath, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    public string ArtifactPath { get; }

    public string Combine(params string[] parts) => _temp.Combine(parts);

    public static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Scanning", "Hooks", "Fixtures", name);

    /// <summary>An executable bash script with <paramref name="body"/>; $1 artifact, $2 output, $3 name, $4 kind.</summary>
    public string Script(string body)
    {
        var path = _temp.Combine($"scanner-{++_scripts}.sh");
        File.WriteAllText(path, $"#!/bin/bash\nset -u\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static ScannerCommandOptions Options(string executable, ScannerOutputFormat format = ScannerOutputFormat.Sarif) => new()
    {
        Name = "site-scanner",
        Executable = executable,
        Arguments = ["{artifact}", "{output}", "{name}", "{kind}"],
        Format = format,
        TimeoutSeconds = 30,
    };

    /// <summary>A scanner writing <paramref name="documentPath"/> with @ARTIFACT@ and @NAME@ replaced by its arguments.</summary>
    public ScannerCommandOptions Emitting(string documentPath, ScannerOutputFormat format) =>
        Options(Script($"sed -e \"s|@ARTIFACT@|$1|g\" -e \"s|@NAME@|$3|g\" '{documentPath}' > \"$2\""), format);

    /// <summary>A scanner writing <paramref name="document"/> (with the same replacements).</summary>
    public ScannerCommandOptions EmittingText(string document, ScannerOutputFormat format)
    {
        var path = _temp.Combine($"document-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, document);
        return Emitting(path, format);
    }

    public Task<ScannerRunResult> RunAsync(ScannerCommandOptions options, CancellationToken ct = default) =>
        ScannerCommandRunner.RunAsync(options, ArtifactPath, ArtifactName, ArtifactKinds.Image, ct);

    public void Dispose() => _temp.Dispose();
}
