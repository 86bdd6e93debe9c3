using System.Text.Json;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.PyPI;

/// <summary>
/// Writes and reads a <see cref="PyPIPackageSet"/>, the root blob of a <c>pypi</c> artifact; reading checks every PYPI rule
/// of docs/batch-format.md (4.12) against the artifact the set belongs to and throws <see cref="PyPIPackageSetException"/>
/// at the first one broken.
/// </summary>
public static class PyPIPackageSetFormat
{
    /// <summary>PYPI-1: the largest set read.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>PYPI-5: most files in one set (a release can have dozens of wheels).</summary>
    public const int MaxPackages = 50_000;

    /// <summary>PYPI-5: the largest file (1 TiB).</summary>
    public const long MaxPackageSize = 1L << 40;

    /// <summary>PYPI-6: the longest <c>requiresPython</c> or <c>yanked</c> text.</summary>
    public const int MaxAttributeChars = 1024;

    /// <summary>Orders files as a set requires: by name, then version, then file name, ordinal.</summary>
    public static IComparer<PyPIPackage> Order { get; } = Comparer<PyPIPackage>.Create((a, b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName
        : string.CompareOrdinal(a.Version, b.Version) is var byVersion and not 0 ? byVersion
        : string.CompareOrdinal(a.FileName, b.FileName));

    /// <summary>Writes <paramref name="set"/> with its files in order, as a reader requires.</summary>
    public static async Task WriteAsync(Stream destination, PyPIPackageSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sorted = set with { Packages = [.. set.Packages.Order(Order)] };
        await JsonSerializer.SerializeAsync(destination, sorted, BatchJsonContext.Default.PyPIPackageSet, cancellationToken);
    }

    /// <summary>
    /// Reads the set that is the root blob of the <c>pypi</c> artifact with <paramref name="source"/>,
    /// <paramref name="name"/> and <paramref name="blobs"/> (the manifest's entry), checking every PYPI rule.
    /// </summary>
    public static async Task<PyPIPackageSet> ReadAsync(
        Stream stream, string source, string name, IReadOnlyList<string> blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var set = await PackageSetDocument.ReadAsync(stream, MaxBytes, BatchJsonContext.Default.PyPIPackageSet,
            s => s.Packages.Any(p => p is null) || s.Requested.Any(r => r is null), message => Invalid("PYPI-1", message), cancellationToken);
        Check(set, source, name, blobs);
        return set;
    }

    private static void Check(PyPIPackageSet set, string source, string name, IReadOnlyList<string> blobs)
    {
        if (set.Format != PyPIPackageSet.CurrentFormat)
        {
            throw Invalid("PYPI-2", $"format '{set.Format}' is not {PyPIPackageSet.CurrentFormat}");
        }

        if (set.Index != source || !PyPINames.IsIndex(set.Index))
        {
            throw Invalid("PYPI-3", $"index '{set.Index}' is not the artifact's source '{source}'");
        }

        if (set.Packages.Count is 0 or > MaxPackages)
        {
            throw Invalid("PYPI-5", $"the set has {set.Packages.Count} files; it must have 1 to {MaxPackages}");
        }

        foreach (var package in set.Packages)
        {
            CheckPackage(package);
        }

        CheckRequested(set, name);
        CheckUnique(set);
        if (PackageSetDocument.BlobsDisagree(set.Packages.Select(p => (p.Digest, p.FileName)), blobs) is { } disagreement)
        {
            throw Invalid("PYPI-8", disagreement);
        }
    }

    // A requirements file's set names no pins; a set of pins holds files of exactly the pinned releases, each at least one.
    private static void CheckRequested(PyPIPackageSet set, string name)
    {
        if (PyPINames.IsRequirementsLabel(name))
        {
            if (set.Requested.Count > 0)
            {
                throw Invalid("PYPI-4", $"the artifact's name '{name}' is a requirements file's, yet the set lists requested releases");
            }

            return;
        }

        if (PyPINames.SplitRequested(name) is not { } pins || !pins.Select(p => p.ToString()).SequenceEqual(set.Requested, StringComparer.Ordinal))
        {
            throw Invalid("PYPI-4", $"requested releases [{string.Join(' ', set.Requested)}] are not the artifact's name '{name}'");
        }

        var releases = set.Packages.Select(p => $"{p.Name}=={p.Version}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        if (!releases.SequenceEqual(set.Requested.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw Invalid("PYPI-4", $"the files are of the releases [{string.Join(' ', releases)}], not exactly the requested ones");
        }
    }

    private static void CheckPackage(PyPIPackage package)
    {
        if (!PyPINames.IsProjectName(package.Name) || !PyPIVersions.IsNormal(package.Version))
        {
            throw Invalid("PYPI-5", $"name '{package.Name}' or version '{package.Version}' is not valid");
        }

        if (!PyPINames.IsDistributionOf(package.FileName, package.Name, package.Version))
        {
            throw Invalid("PYPI-5", $"{package.Name}=={package.Version}: file name '{package.FileName}' is not a wheel or sdist of that release");
        }

        if (package.Size is < 0 or > MaxPackageSize || !BatchIdentifiers.IsDigest(package.Digest))
        {
            throw Invalid("PYPI-5", $"{package.FileName}: size {package.Size} or sha256 '{package.Sha256}' is not valid");
        }

        if (!IsAttribute(package.RequiresPython) || !IsAttribute(package.Yanked))
        {
            throw Invalid("PYPI-6", $"{package.FileName}: requiresPython or yanked is longer than {MaxAttributeChars} characters or "
                + "has control characters");
        }
    }

    // Two entries for one file would publish one path twice; case is ignored so that no file system can merge two.
    private static void CheckUnique(PyPIPackageSet set)
    {
        for (var i = 1; i < set.Packages.Count; i++)
        {
            if (Order.Compare(set.Packages[i - 1], set.Packages[i]) >= 0)
            {
                throw Invalid("PYPI-7", $"files are not in strictly ascending order of name, version and file name at {set.Packages[i].FileName}");
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (set.Packages.FirstOrDefault(p => !seen.Add($"{p.Name}/{p.FileName}")) is { } twice)
        {
            throw Invalid("PYPI-7", $"file {twice.FileName} of {twice.Name} is listed twice");
        }
    }

    private static bool IsAttribute(string? value) => value is null || (value.Length <= MaxAttributeChars && !value.Any(char.IsControl));

    private static PyPIPackageSetException Invalid(string rule, string message) => new($"{rule}: {message}");
}
