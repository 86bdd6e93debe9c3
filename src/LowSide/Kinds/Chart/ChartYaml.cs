using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Reads the first YAML document of a chart file into strings, <c>Dictionary&lt;string, object?&gt;</c> and
/// <c>List&lt;object?&gt;</c>. Aliases are refused, so a small file cannot expand into a huge graph, and nesting is capped.
/// </summary>
internal static class ChartYaml
{
    private const int MaxNesting = 64;

    public static object? Parse(string? text, string file)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            return parser.TryConsume<DocumentStart>(out _) ? ReadNode(parser, file, 0) : null;
        }
        catch (YamlException ex)
        {
            throw new ChartImageException($"{file} is not valid YAML: {ex.Message}", ex);
        }
    }

    public static Dictionary<string, object?>? Map(object? node) => node as Dictionary<string, object?>;

    /// <summary>A scalar's text, or null when it is missing, not a scalar or blank.</summary>
    public static string? Text(object? node) => node is string text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static object? ReadNode(IParser parser, string file, int depth)
    {
        if (depth > MaxNesting)
        {
            throw new ChartImageException($"{file} nests deeper than {MaxNesting} levels at line {parser.Current?.Start.Line}");
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return IsNull(scalar) ? null : scalar.Value;
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            throw new ChartImageException(
                $"{file} uses the YAML alias *{alias.Value} at line {alias.Start.Line}; aliases are refused in chart files "
                + "so that a small file cannot expand into a huge one");
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var list = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                list.Add(ReadNode(parser, file, depth + 1));
            }

            return list;
        }

        parser.Consume<MappingStart>();
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser, file, depth + 1);
            var value = ReadNode(parser, file, depth + 1);
            if (key is string name)
            {
                map[name] = value;
            }
        }

        return map;
    }

    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
}
