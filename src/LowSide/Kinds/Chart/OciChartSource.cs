using TransferPipeline.Shared.Oci;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// A chart stored in an OCI registry, as Helm names it: <c>oci://registry/path</c> plus the chart's name and version, which is
/// the image reference <c>registry/path/name:version</c> (Helm writes a version's '+' as '_' in the tag).
/// </summary>
internal static class OciChartSource
{
    public const string Scheme = "oci://";

    public const string ConfigMediaType = "application/vnd.cncf.helm.config.v1+json";

    public const string ChartMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    public static bool IsOci(string? source) => source?.StartsWith(Scheme, StringComparison.Ordinal) == true;

    public static bool TryReference(string source, string name, string version, out ImageReference? reference, out string error)
    {
        var repository = source[Scheme.Length..].TrimEnd('/');
        return ImageReference.TryParse($"{repository}/{name}:{version.Replace('+', '_')}", out reference, out error);
    }

    /// <summary>The registry host of an <c>oci://</c> source, or null when it does not name a registry and a path.</summary>
    public static string? Registry(string? source) =>
        IsOci(source) && TryReference(source!, "chart", "1", out var reference, out _) ? reference!.Registry : null;
}
