namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>One kind of file that lists installed packages: which paths it claims, its size cap, how to read it.</summary>
internal interface IPackageFileParser
{
    /// <summary>The largest file of this kind the inventory reads; a larger one refuses the inventory.</summary>
    long MaxBytes { get; }

    /// <summary>True when <paramref name="path"/> (normalised, no leading '/') is a file of this kind.</summary>
    bool Matches(string path);

    /// <summary>The packages the file lists; a file it cannot read is reported through <see cref="PackageFileContext.Warn"/>.</summary>
    IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context);
}
