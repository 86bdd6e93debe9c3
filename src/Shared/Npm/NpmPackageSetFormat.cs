using System.Text.Json;
using System.Text.RegularExpressions;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.Shared.Npm;

/// <summary>
/// Writes and reads an <see cref="NpmPackageSet"/>, the root blob of an <c>npm</c> artifact; reading checks every NPM
/// rule of docs/batch-format.md (4.11) against the artifact the set belongs to and throws
/// <see cref="NpmPackageSetException"/> at the first one broken.
/// </summary>
public static partial class NpmPackageSetFormat
{
    /// <summary>NPM-1: the largest set read.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>NPM-5: most packages in one set.</summary>
    public const int MaxPackages = 20_000;

    /// <summary>NPM-6: the longest packument entry, in characters of its JSON text.</summary>
    public const int MaxMetadataChars = 1024 * 1024;

    /// <summary>NPM-5: the largest tarball (1 TiB).</summary>
    public const long MaxPackageSize = 1L << 40;

    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    /// <summary>Orders packages as a set requires: by name, then version, ordinal.</summary>
    public static IComparer<NpmPackage> Order { get; } = Comparer<NpmPackage>.Create((a, b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Version, b.Version));

    /// <summary>Writes <paramref name="set"/> with its packages in order, as a reader requires.</summary>
    public static async Task WriteAsync(Stream destination, NpmPackageSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sorted = set with { Packages = [.. set.Packages.Order(Order)] };
        await JsonSerializer.SerializeAsync(destination, sorted, BatchJsonContext.Default.NpmPackageSet, cancellationToken);
    }

    /// <summary>
    /// Reads the set that is the root blob of the <c>npm</c> artifact with <paramref name="source"/>,
    /// <paramref name="name"/> and <paramref name="blobs"/> (the manifest's entry), checking every NPM rule.
    /// </summary>
    public static async Task<NpmPackageSet> ReadAsync(
        Stream stream, string source, string name, IReadOnlyList<string> blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var set = await PackageSetDocument.ReadAsync(stream, MaxBytes, BatchJsonContext.Default.NpmPackageSet,
            s => s.Packages.Any(p => p is null) || s.Requested.Any(r => r is null), message => Invalid("NPM-1", message), cancellationToken);
        Check(set, source, name, blobs);
        return set;
    }

    private static void Check(NpmPackageSet set, string source, string name, IReadOnlyList<string> blobs)
    {
        if (set.Format != NpmPackageSet.CurrentFormat)
        {
            throw Invalid("NPM-2", $"format '{set.Format}' is not {NpmPackageSet.CurrentFormat}");
        }

        if (set.Registry != source || !NpmNames.IsRegistry(set.Registry))
        {
            throw Invalid("NPM-3", $"registry '{set.Registry}' is not the artifact's source '{source}'");
        }

        if (set.Packages.Count is 0 or > MaxPackages)
        {
            throw Invalid("NPM-5", $"the set has {set.Packages.Count} packages; it must have 1 to {MaxPackages}");
        }

        foreach (var package in set.Packages)
        {
            CheckPackage(package);
            CheckMetadata(package);
        }

        CheckRequested(set, name);

        for (var i = 1; i < set.Packages.Count; i++)
        {
            if (Order.Compare(set.Packages[i - 1], set.Packages[i]) >= 0)
            {
                throw Invalid("NPM-7", $"packages are not in strictly ascending order of name and version at {Pin(set.Packages[i])}");
            }
        }

        if (PackageSetDocument.BlobsDisagree(set.Packages.Select(p => (p.Digest, Pin(p))), blobs) is { } disagreement)
        {
            throw Invalid("NPM-8", disagreement);
        }
    }

    // A lock file's set names no packages; a set of pins holds exactly the pinned versions (nothing is resolved for them).
    private static void CheckRequested(NpmPackageSet set, string name)
    {
        if (NpmNames.IsLockLabel(name))
        {
            if (set.Requested.Count > 0)
            {
                throw Invalid("NPM-4", $"the artifact's name '{name}' is a lock file's, yet the set lists requested packages");
            }

            return;
        }

        if (NpmNames.SplitRequested(name) is not { } pins || !pins.Select(p => p.ToString()).SequenceEqual(set.Requested, StringComparer.Ordinal))
        {
            throw Invalid("NPM-4", $"requested packages [{string.Join(' ', set.Requested)}] are not the artifact's name '{name}'");
        }

        var packages = set.Packages.Select(Pin).Order(StringComparer.Ordinal);
        if (!packages.SequenceEqual(set.Requested.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw Invalid("NPM-4", $"the packages [{string.Join(' ', packages)}] are not exactly the requested ones");
        }
    }

    private static void CheckPackage(NpmPackage package)
    {
        if (!NpmNames.IsPackageName(package.Name) || !NpmNames.IsVersion(package.Version))
        {
            throw Invalid("NPM-5", $"name '{package.Name}' or version '{package.Version}' is not valid");
        }

        if (package.FileName != NpmNames.TarballFileName(package.Name, package.Version))
        {
            throw Invalid("NPM-5", $"{Pin(package)}: file name '{package.FileName}' is not "
                + $"'{NpmNames.TarballFileName(package.Name, package.Version)}'");
        }

        if (package.Size is < 0 or > MaxPackageSize || !Sha256Pattern().IsMatch(package.Sha256) || !NpmIntegrity.IsValid(package.Integrity))
        {
            throw Invalid("NPM-5", $"{Pin(package)}: size {package.Size}, sha256 '{package.Sha256}' or integrity '{package.Integrity}' "
                + "is not valid");
        }
    }

    private static void CheckMetadata(NpmPackage package)
    {
        var metadata = package.Metadata;
        if (metadata.ValueKind != JsonValueKind.Object || metadata.GetRawText().Length > MaxMetadataChars)
        {
            throw Invalid("NPM-6", $"{Pin(package)}: the metadata is not a JSON object of at most {MaxMetadataChars} characters");
        }

        (string Field, string? Value, string Expected)[] bound =
        [
            ("name", Text(metadata, "name"), package.Name),
            ("version", Text(metadata, "version"), package.Version),
            ("dist.integrity", metadata.TryGetProperty("dist", out var dist) ? Text(dist, "integrity") : null, package.Integrity),
        ];
        if (bound.FirstOrDefault(b => b.Value != b.Expected) is { Field: not null } differs)
        {
            throw Invalid("NPM-6", $"{Pin(package)}: the metadata's {differs.Field} is '{differs.Value}', not '{differs.Expected}'");
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Pin(NpmPackage package) => $"{package.Name}@{package.Version}";

    private static NpmPackageSetException Invalid(string rule, string message) => new($"{rule}: {message}");
}
