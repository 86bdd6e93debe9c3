namespace TransferPipeline.HighSide.Kinds.ScannerData;

/// <summary>The `ScannerData` section: how much a scanner-data archive may unpack to (a bound on what a signed batch can make us write).</summary>
internal sealed class ScannerDataOptions
{
    public const string Section = "ScannerData";

    /// <summary>The most entries (files and directories) one archive may hold.</summary>
    public int MaxEntries { get; set; } = 1_000_000;

    /// <summary>The most bytes, in MiB, the files of one archive may add up to.</summary>
    public long MaxUnpackedMiB { get; set; } = 16 * 1024;

    public long MaxUnpackedBytes => MaxUnpackedMiB * 1024 * 1024;
}
