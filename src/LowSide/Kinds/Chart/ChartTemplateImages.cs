using System.Text.RegularExpressions;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Finds <c>image: &lt;literal&gt;</c> lines (optionally a list item, optionally quoted) in a template. Values holding
/// <c>{{</c> are rendered by Helm from values, which the resolver reads separately, so they are skipped here.
/// </summary>
internal static partial class ChartTemplateImages
{
    public static bool IsTemplate(string relativePath) =>
        relativePath.StartsWith("templates/", StringComparison.Ordinal)
        && (relativePath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || relativePath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || relativePath.EndsWith(".tpl", StringComparison.OrdinalIgnoreCase));

    public static void Scan(string text, string origin, ChartNode chart, int maxImages)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            var match = ImageLine().Match(line);
            if (!match.Success || match.Groups["value"].Value.Contains("{{", StringComparison.Ordinal))
            {
                continue;
            }

            var reference = ChartImageReference.Normalise(match.Groups["value"].Value, $"{origin} image");
            if (chart.TemplateImages.All(i => i.Reference != reference))
            {
                chart.TemplateImages.Add(new ChartImage(reference, origin));
            }

            if (chart.TemplateImages.Count > maxImages)
            {
                throw new ChartImageException($"{origin}: the chart's templates name more than {maxImages} images (the limit)");
            }
        }
    }

    [GeneratedRegex("""^\s*(?:-\s+)?image:\s*(?<quote>["']?)(?<value>[^"'\s#]+)\k<quote>\s*(?:#.*)?$""")]
    private static partial Regex ImageLine();
}
