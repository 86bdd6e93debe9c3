namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>What a usable scanner-data directory says of itself: the version findings carry, its age, and (OSV) its record count.</summary>
internal sealed record ScannerDataVersion(string DataVersion, DateTimeOffset? DataTimeUtc, long? Records);
