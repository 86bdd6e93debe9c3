using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.NuGet;

/// <summary>
/// Writes and reads a <see cref="NuGetPackageSet"/>, the root blob of a <c>nuget</c> artifact; reading checks every NUGET rule
/// of docs/batch-format.md (4.13) against the artifact the set belongs to and throws <see cref="NuGetPackageSetException"/> at
/// the first one broken.
/// </summary>
public static partial class NuGetPackageSetFormat
{
    /// <summary>NUGET-1: the largest set read.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>NUGET-5: most packages in one set.</summary>
    public const int MaxPackages = 20_000;

    /// <summary>NUGET-5: the largest .nupkg (1 TiB).</summary>
    public const long MaxPackageSize = 1L << 40;

    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    /// <summary>Orders packages as a set requires: by lower-case id, then lower-case version, ordinal.</summary>
    public static IComparer<NuGetPackage> Order { get; } = Comparer<NuGetPackage>.Create((a, b) =>
        string.CompareOrdinal(a.Id.ToLowerInvariant(), b.Id.ToLowerInvariant()) is var byId and not 0
            ? byId
            : string.CompareOrdinal(a.Version.ToLowerInvariant(), b.Version.ToLowerInvariant()));

    /// <summary>Writes <paramref name="set"/> with its packages in order, as a reader requires.</summary>
    public static async Task WriteAsync(Stream destination, NuGetPackageSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sorted = set with { Packages = [.. set.Packages.Order(Order)] };
        await JsonSerializer.SerializeAsync(destination, sorted, BatchJsonContext.Default.NuGetPackageSet, cancellationToken);
    }

    /// <summary>
    /// Reads the set that is the root blob of the <c>nuget</c> artifact with <paramref name="source"/>, <paramref name="name"/>
    /// and <paramref name="blobs"/> (the manifest's entry), checking every NUGET rule.
    /// </summary>
    public static async Task<NuGetPackageSet> ReadAsync(
        Stream stream, string source, string name, IReadOnlyList<string> blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var set = await PackageSetDocument.ReadAsync(stream, MaxBytes, BatchJsonContext.Default.NuGetPackageSet,
            s => s.Packages.Any(p => p is null) || s.Requested.Any(r => r is null), message => Invalid("NUGET-1", message), cancellationToken);
        Check(set, source, name, blobs);
        return set;
    }

    private static void Check(NuGetPackageSet set, string source, string name, IReadOnlyList<string> blobs)
    {
        if (set.Format != NuGetPackageSet.CurrentFormat)
        {
            throw Invalid("NUGET-2", $"format '{set.Format}' is not {NuGetPackageSet.CurrentFormat}");
        }

        if (set.ServiceIndex != source || !NuGetNames.IsServiceIndex(set.ServiceIndex))
        {
            throw Invalid("NUGET-3", $"service index '{set.ServiceIndex}' is not the artifact's source '{source}'");
        }

        if (set.Packages.Count is 0 or > MaxPackages)
        {
            throw Invalid("NUGET-5", $"the set has {set.Packages.Count} packages; it must have 1 to {MaxPackages}");
        }

        foreach (var package in set.Packages)
        {
            CheckPackage(package);
        }

        CheckRequested(set, name);

        for (var i = 1; i < set.Packages.Count; i++)
        {
            if (Order.Compare(set.Packages[i - 1], set.Packages[i]) >= 0)
            {
                throw Invalid("NUGET-6", $"packages are not in strictly ascending order of id and version at {set.Packages[i].Pin}");
            }
        }

        if (PackageSetDocument.BlobsDisagree(set.Packages.Select(p => (p.Digest, p.Pin)), blobs) is { } disagreement)
        {
            throw Invalid("NUGET-7", disagreement);
        }
    }

    // A lock file's set names no packages; a set of pins holds exactly the pinned versions (nothing is resolved for them).
    private static void CheckRequested(NuGetPackageSet set, string name)
    {
        if (NuGetNames.IsLockLabel(name))
        {
            if (set.Requested.Count > 0)
            {
                throw Invalid("NUGET-4", $"the artifact's name '{name}' is a lock file's, yet the set lists requested packages");
            }

            return;
        }

        if (NuGetNames.SplitRequested(name) is not { } pins
            || !pins.Select(p => p.ToString()).SequenceEqual(set.Requested, StringComparer.Ordinal))
        {
            throw Invalid("NUGET-4", $"requested packages [{string.Join(' ', set.Requested)}] are not the artifact's name '{name}'");
        }

        var packages = set.Packages.Select(p => p.Pin.ToLowerInvariant()).Order(StringComparer.Ordinal);
        if (!packages.SequenceEqual(pins.Select(p => p.Key).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw Invalid("NUGET-4", $"the packages [{string.Join(' ', packages)}] are not exactly the requested ones");
        }
    }

    private static void CheckPackage(NuGetPackage package)
    {
        if (!NuGetNames.IsPackageId(package.Id) || !NuGetNames.IsNormalizedVersion(package.Version))
        {
            throw Invalid("NUGET-5", $"id '{package.Id}' or version '{package.Version}' is not valid (versions are normalised)");
        }

        var fileName = NuGetNames.PackageFileName(package.Id, package.Version);
        if (package.FileName != fileName)
        {
            throw Invalid("NUGET-5", $"{package.Pin}: file name '{package.FileName}' is not '{fileName}'");
        }

        if (package.Size is < 0 or > MaxPackageSize || !Sha256Pattern().IsMatch(package.Sha256) || !Sha512Base64.IsValid(package.Sha512)
            || (package.ContentHash is not null && !Sha512Base64.IsValid(package.ContentHash)))
        {
            throw Invalid("NUGET-5", $"{package.Pin}: size {package.Size}, sha256 '{package.Sha256}', sha512 '{package.Sha512}' or "
                + $"content hash '{package.ContentHash}' is not valid");
        }
    }

    private static NuGetPackageSetException Invalid(string rule, string message) => new($"{rule}: {message}");
}
