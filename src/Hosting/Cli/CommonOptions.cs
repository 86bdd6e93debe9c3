using System.CommandLine;

namespace TransferPipeline.Hosting.Cli;

/// <summary>Options many commands of both executables take.</summary>
public static class CommonOptions
{
    public static Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts" };
}
