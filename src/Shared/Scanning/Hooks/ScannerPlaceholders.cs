using System.Text.RegularExpressions;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>The <c>{word}</c> placeholders a scanner's arguments may hold, and their expansion.</summary>
internal static partial class ScannerPlaceholders
{
    public const string Artifact = "{artifact}";
    public const string Output = "{output}";
    public const string Kind = "{kind}";
    public const string Name = "{name}";

    public static IReadOnlyList<string> All { get; } = [Artifact, Output, Kind, Name];

    /// <summary>The <c>{word}</c> sequences in <paramref name="argument"/> that are not placeholders.</summary>
    public static IEnumerable<string> Unknown(string argument) =>
        Placeholder().Matches(argument).Select(m => m.Value).Where(p => !All.Contains(p, StringComparer.Ordinal));

    public static string Expand(string argument, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(argument, m => values.TryGetValue(m.Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\{[A-Za-z]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
