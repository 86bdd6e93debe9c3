namespace TransferPipeline.HighSide.Features.Import;

/// <summary>Bytes of a file on the media that could not be read however often they were tried; the copy holds zeros there.</summary>
internal sealed record UnreadableRegion(string Path, long Offset, long Length, string Error);
