using System.Globalization;
using System.Text;
using TransferPipeline.Shared.Batches;
using YamlDotNet.Serialization;
using TransferPipeline.HighSide.Features.Publishing;

namespace TransferPipeline.HighSide.Kinds.Chart;

/// <summary>Writes a Helm repository index.yaml for the published charts (YamlDotNet), atomically.</summary>
internal static class ChartIndexWriter
{
    public static async Task WriteAsync(string directory, IReadOnlyList<PublishedChart> charts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entries = charts.GroupBy(c => c.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(c => new Dictionary<string, object>
            {
                ["apiVersion"] = "v2",
                ["name"] = c.Name,
                ["version"] = c.Version,
                ["digest"] = BatchFileNames.DigestHex(c.Digest),
                ["created"] = Timestamp(c.PublishedUtc),
                ["urls"] = new[] { c.FileName },
            }).ToList(),
            StringComparer.Ordinal);
        var index = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["entries"] = entries,
            ["generated"] = Timestamp(now),
        };
        var yaml = new SerializerBuilder().Build().Serialize(index);
        await StagedFile.WriteBytesAsync(Path.Combine(directory, "index.yaml"), Encoding.UTF8.GetBytes(yaml), cancellationToken);
    }

    private static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
