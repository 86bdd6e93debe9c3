using System.CommandLine;

namespace TransferPipeline.LowSide.Hosting;

/// <summary>--data DIR, on every command (default: LOWSIDE_DATA).</summary>
internal static class DataOption
{
    public static Option<string?> Instance { get; } = new("--data")
    {
        Description = $"The low side's data directory (default: ${DataDirectory.EnvironmentVariable})",
        Recursive = true,
    };
}
