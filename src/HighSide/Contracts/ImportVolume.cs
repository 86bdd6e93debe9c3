namespace TransferPipeline.HighSide.Contracts;

/// <summary>Import the volume (or media directory) at <paramref name="Path"/> into quarantine.</summary>
public sealed record ImportVolume(string Path);
