namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Reads the image lists charts declare in Chart.yaml annotations: <c>artifacthub.io/images</c> (a YAML string holding a
/// list of <c>{name, image, whitelisted}</c>) and <c>helm.sh/images</c> (the same shape, or a list of strings). The chart's
/// author states these, so an entry that is not a usable reference refuses the chart instead of being skipped.
/// </summary>
internal static class ChartAnnotationImages
{
    private static readonly string[] Annotations = ["artifacthub.io/images", "helm.sh/images"];

    public static void Find(ChartNode chart, ChartImageSet found)
    {
        foreach (var annotation in Annotations)
        {
            if (!chart.Metadata.Annotations.TryGetValue(annotation, out var value) || value is null)
            {
                continue;
            }

            var origin = chart.Describe($"Chart.yaml annotation {annotation}");
            var list = value is string text ? ChartYaml.Parse(text, origin) : null;
            if (list is not List<object?> entries)
            {
                throw new ChartImageException($"{origin} is not a YAML list of images");
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var image = entries[i] switch
                {
                    string reference => reference,
                    Dictionary<string, object?> entry => entry.GetValueOrDefault("image") as string,
                    _ => null,
                };
                found.Add(image ?? throw new ChartImageException($"{origin}: entry {i + 1} names no image"), origin);
            }
        }
    }
}
