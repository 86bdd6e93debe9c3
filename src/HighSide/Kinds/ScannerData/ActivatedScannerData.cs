namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>One scanner-data artifact installed in the data directory and activated when its batch was published.</summary>
/// <param name="Name">Which scanner's data: clamav or osv.</param>
/// <param name="Digest">The artifact's digest.</param>
/// <param name="Directory">Where it is installed: DATA/scanner-data/NAME/DIGEST HEX.</param>
/// <param name="DataVersion">The version findings made with it carry, e.g. "daily:27400 main:62" or "local:3f2a9c01b7de".</param>
/// <param name="DataTimeUtc">When the newest data in it was made, as far as it says.</param>
/// <param name="Records">How many OSV records it holds; null for ClamAV.</param>
/// <param name="BatchId">The batch whose publish activated it.</param>
/// <param name="ActivatedUtc">When it was activated; the newest activation of a scanner's data is in force.</param>
internal sealed record ActivatedScannerData(
    string Name,
    string Digest,
    string Directory,
    string DataVersion,
    DateTimeOffset? DataTimeUtc,
    long? Records,
    string BatchId,
    DateTimeOffset ActivatedUtc);
