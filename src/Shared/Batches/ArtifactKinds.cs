namespace TransferPipeline.Shared.Batches;

/// <summary>The kinds of artifact a batch can carry; each side has its own part of every kind (requesting, publishing).</summary>
public static class ArtifactKinds
{
    public const string Image = "image";
    public const string File = "file";
    public const string Chart = "chart";

    /// <summary>Data a scanner needs (ClamAV signatures, OSV records), installed and activated on the high side when published.</summary>
    public const string ScannerData = "scanner-data";

    /// <summary>Debian packages with their dependencies, published as an apt repository; the root blob is a package set.</summary>
    public const string Deb = "deb";

    /// <summary>npm packages (pinned, or every package of a lock file), published as an npm registry; the root blob is a package set.</summary>
    public const string Npm = "npm";

    /// <summary>Python wheels and sdists (pinned releases, or every file of a hashed requirements file), published as a PEP 503 simple index.</summary>
    public const string PyPI = "pypi";
    /// <summary>NuGet packages (pinned, or every package of a packages.lock.json), published as a NuGet v3 feed; the root blob is a package set.</summary>
    public const string NuGet = "nuget";

    public static IReadOnlyList<ArtifactKind> All { get; } =
    [
        new(Image, InOciLayout: true),
        new(File, InOciLayout: false),
        new(Chart, InOciLayout: false),
        new(ScannerData, InOciLayout: false),
        new(Deb, InOciLayout: false),
        new(Npm, InOciLayout: false),
        new(PyPI, InOciLayout: false),
        new(NuGet, InOciLayout: false),
    ];

    /// <summary>"image, file, chart, scanner-data, deb, npm, pypi, nuget", for messages.</summary>
    public static string Names { get; } = string.Join(", ", All.Select(k => k.Name));

    public static ArtifactKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    public static bool IsKnown(string? kind) => Find(kind) is not null;

    public static bool IsInOciLayout(string? kind) => Find(kind)?.InOciLayout == true;
}
