namespace TransferPipeline.HighSide.Kinds.Chart;

internal sealed record PublishedChart(string Name, string Version, string Digest, string FileName, DateTimeOffset PublishedUtc);
