namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>The registry of kept files: os-release and one parser per package file kind. Adding a kind is adding a parser here.</summary>
internal static class PackageFileRules
{
    public const long OsReleaseMaxBytes = 64 * 1024;

    /// <summary>os-release paths, in the order systemd reads them.</summary>
    public static readonly IReadOnlyList<string> OsReleasePaths = ["etc/os-release", "usr/lib/os-release"];

    public static readonly IReadOnlyList<IPackageFileParser> Parsers =
    [
        new DpkgStatusParser(),
        new ApkInstalledParser(),
        new NpmLockParser(),
        new DepsJsonParser(),
        new RequirementsTxtParser(),
        new PythonMetadataParser(),
    ];

    /// <summary>The cap for a file the inventory keeps at <paramref name="path"/>, or null when it does not keep it.</summary>
    public static long? CapFor(string path) =>
        OsReleasePaths.Contains(path) ? OsReleaseMaxBytes : ParserFor(path)?.MaxBytes;

    public static IPackageFileParser? ParserFor(string path) => Parsers.FirstOrDefault(p => p.Matches(path));
}
