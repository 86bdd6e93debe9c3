using System.CommandLine;

namespace TransferPipeline.HighSide.Infrastructure;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static Option<string?> Data { get; } = new("--data")
    {
        Description = $"The high side's data directory (default: ${DataDirectory.EnvironmentVariable})",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts" };

    public static DataDirectory? ResolveData(ParseResult parse)
    {
        var value = parse.GetValue(Data) ?? Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        return string.IsNullOrWhiteSpace(value) ? null : new DataDirectory(value);
    }
}
