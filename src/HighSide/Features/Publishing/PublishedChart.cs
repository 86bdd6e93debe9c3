namespace TransferPipeline.HighSide.Features.Publishing;

internal sealed record PublishedChart(string Name, string Version, string Digest, string FileName, DateTimeOffset PublishedUtc);
