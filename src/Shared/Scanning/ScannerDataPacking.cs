namespace TransferPipeline.Shared.Scanning;

/// <summary>How a <c>scanner-data</c> artifact is packed, as its source's file name says.</summary>
public enum ScannerDataPacking
{
    /// <summary>One ClamAV database file (<c>.cvd</c>, <c>.cld</c>), installed as it is under its own name.</summary>
    SignatureFile,

    /// <summary>A gzip-compressed tar of data files, unpacked.</summary>
    TarGz,

    /// <summary>A zip of OSV records (the OSV export format), kept whole as <c>all.zip</c>.</summary>
    Zip,
}
