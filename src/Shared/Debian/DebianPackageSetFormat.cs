using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Debian;

/// <summary>
/// Writes and reads a <see cref="DebianPackageSet"/>, the root blob of a <c>deb</c> artifact; reading checks every DEB
/// rule of docs/batch-format.md (4.10) against the artifact the set belongs to and throws
/// <see cref="DebianPackageSetException"/> at the first one broken.
/// </summary>
public static partial class DebianPackageSetFormat
{
    /// <summary>DEB-1: the largest set read (about 8,000 packages with long descriptions).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>DEB-5: most packages in one set.</summary>
    public const int MaxPackages = 20_000;

    /// <summary>DEB-6: longest stanza.</summary>
    public const int MaxControlChars = 64 * 1024;

    /// <summary>DEB-5: the largest .deb (1 TiB).</summary>
    public const long MaxPackageSize = 1L << 40;

    private static readonly DebianVersionOrdering Versions = new();

    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    /// <summary>Writes <paramref name="set"/> with its packages in filename order, as a reader requires.</summary>
    public static async Task WriteAsync(Stream destination, DebianPackageSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sorted = set with { Packages = [.. set.Packages.OrderBy(p => p.Filename, StringComparer.Ordinal)] };
        await JsonSerializer.SerializeAsync(destination, sorted, BatchJsonContext.Default.DebianPackageSet, cancellationToken);
    }

    /// <summary>
    /// Reads the set that is the root blob of the <c>deb</c> artifact with <paramref name="source"/>,
    /// <paramref name="name"/> and <paramref name="blobs"/> (the manifest's entry), checking every DEB rule.
    /// </summary>
    public static async Task<DebianPackageSet> ReadAsync(
        Stream stream, string source, string name, IReadOnlyList<string> blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var set = await PackageSetDocument.ReadAsync(stream, MaxBytes, BatchJsonContext.Default.DebianPackageSet,
            s => s.Packages.Any(p => p is null) || s.Requested.Any(r => r is null), message => Invalid("DEB-1", message), cancellationToken);
        Check(set, source, name, blobs);
        return set;
    }

    private static void Check(DebianPackageSet set, string source, string name, IReadOnlyList<string> blobs)
    {
        if (set.Format != DebianPackageSet.CurrentFormat)
        {
            throw Invalid("DEB-2", $"format '{set.Format}' is not {DebianPackageSet.CurrentFormat}");
        }

        if (!DebianSource.TryParse($"{set.Repository} {set.Suite} {set.Component}", out var own) || own.ToString() != source
            || !DebianNames.IsArchitecture(set.Architecture))
        {
            throw Invalid("DEB-3", $"repository, suite and component '{set.Repository} {set.Suite} {set.Component}' are not the artifact's "
                + $"source '{source}', or architecture '{set.Architecture}' is not an architecture name");
        }

        if (DebianNames.SplitRequested(name) is not { } requested || !requested.SequenceEqual(set.Requested, StringComparer.Ordinal))
        {
            throw Invalid("DEB-4", $"requested packages [{string.Join(' ', set.Requested)}] are not the artifact's name '{name}'");
        }

        if (set.Packages.Count is 0 or > MaxPackages)
        {
            throw Invalid("DEB-5", $"the set has {set.Packages.Count} packages; it must have 1 to {MaxPackages}");
        }

        foreach (var package in set.Packages)
        {
            CheckPackage(package, set.Architecture);
        }

        for (var i = 1; i < set.Packages.Count; i++)
        {
            if (string.CompareOrdinal(set.Packages[i - 1].Filename, set.Packages[i].Filename) >= 0)
            {
                throw Invalid("DEB-7", $"packages are not in strictly ascending filename order at {set.Packages[i].Filename}");
            }
        }

        if (set.Packages.GroupBy(p => (p.Package, p.Version, p.Architecture)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Invalid("DEB-7", $"package {twice.Key.Package} {twice.Key.Version} {twice.Key.Architecture} is in the set twice");
        }

        if (PackageSetDocument.BlobsDisagree(set.Packages.Select(p => (p.Digest, p.Filename)), blobs) is { } disagreement)
        {
            throw Invalid("DEB-8", disagreement);
        }
    }

    private static void CheckPackage(DebianPackage package, string architecture)
    {
        var what = $"{package.Filename}";
        if (!DebianNames.IsPackage(package.Package) || !Versions.IsValid(package.Version)
            || (package.Architecture != architecture && package.Architecture != "all"))
        {
            throw Invalid("DEB-5", $"{what}: package '{package.Package}', version '{package.Version}' or architecture '{package.Architecture}' "
                + $"is not valid (the architecture must be {architecture} or all)");
        }

        if (!DebianNames.IsPoolPath(package.Filename))
        {
            throw Invalid("DEB-5", $"filename '{package.Filename}' is not a path below pool/ ending in .deb");
        }

        if (package.Size is < 0 or > MaxPackageSize || !Sha256Pattern().IsMatch(package.Sha256))
        {
            throw Invalid("DEB-5", $"{what}: size {package.Size} or sha256 '{package.Sha256}' is not valid");
        }

        Deb822Paragraph control;
        try
        {
            control = Deb822Reader.ReadOne(package.Control, MaxControlChars);
        }
        catch (Deb822Exception ex)
        {
            throw Invalid("DEB-6", $"{what}: the stanza is not one deb822 paragraph: {ex.Message}");
        }

        (string Field, string Expected)[] bound =
        [
            ("Package", package.Package), ("Version", package.Version), ("Architecture", package.Architecture),
            ("Filename", package.Filename), ("Size", package.Size.ToString(CultureInfo.InvariantCulture)), ("SHA256", package.Sha256),
        ];
        if (bound.FirstOrDefault(b => control[b.Field] != b.Expected) is { Field: not null } differs)
        {
            throw Invalid("DEB-6", $"{what}: the stanza's {differs.Field} is '{control[differs.Field]}', not '{differs.Expected}'");
        }
    }

    private static DebianPackageSetException Invalid(string rule, string message) => new($"{rule}: {message}");
}
