namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>An image a chart needs: <paramref name="Reference"/> is normalised and fully qualified (ImageReference form).</summary>
/// <param name="Reference">e.g. <c>docker.io/library/nginx:1.25</c>.</param>
/// <param name="Origin">Where in the chart it was found, e.g. <c>charts/redis: values.yaml master.image</c>.</param>
internal sealed record ChartImage(string Reference, string Origin);
