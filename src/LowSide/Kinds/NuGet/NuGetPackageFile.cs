using System.Xml;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.NuGet;

namespace TransferPipeline.LowSide.Kinds.NuGet;

/// <summary>
/// Inspects a downloaded .nupkg before it enters the store, reading it from disk (its zip directory and nuspec, never the whole
/// package in memory): its nuspec must name the id and version it was downloaded as, and its content hash (NuGet's: the
/// SHA-512 of the file, or for a signed package of the package without its signature) must be the lock file's, when one gave it.
/// </summary>
internal static class NuGetPackageFile
{
    /// <summary>The longest nuspec read.</summary>
    public const long MaxNuspecBytes = 1024 * 1024;

    /// <summary>The package's id as its nuspec spells it, its normalised version and its content hash.</summary>
    public static (string Id, string Version, string ContentHash) Inspect(string path, string sha512, NuGetPin pin, string? lockedContentHash)
    {
        ArgumentNullException.ThrowIfNull(pin);
        PackageIdentity identity;
        string contentHash;
        try
        {
            using var reader = new PackageArchiveReader(System.IO.File.OpenRead(path));
            var nuspec = reader.GetNuspecFile();
            if (reader.GetEntry(nuspec).Length > MaxNuspecBytes)
            {
                throw Invalid($"{pin}: its nuspec is larger than {MaxNuspecBytes} bytes");
            }

            identity = reader.NuspecReader.GetIdentity();
            contentHash = reader.GetContentHash(CancellationToken.None, () => sha512);
        }
        catch (Exception ex) when (ex is PackagingException or InvalidDataException or XmlException or InvalidOperationException
            or ArgumentException or FormatException)
        {
            throw Invalid($"{pin}: the downloaded file is not a valid .nupkg ({ex.Message})");
        }

        if (!string.Equals(identity.Id, pin.Id, StringComparison.OrdinalIgnoreCase) || identity.Version != NuGetVersion.Parse(pin.Version))
        {
            throw Invalid($"{pin}: the package's nuspec names {identity.Id}@{identity.Version.ToNormalizedString()}");
        }

        if (lockedContentHash is not null && lockedContentHash != contentHash)
        {
            throw new GatherRefusedException(NuGetReasons.IntegrityMismatch,
                $"{pin}: the package's content hash {contentHash} is not the lock file's {lockedContentHash}");
        }

        return (identity.Id, identity.Version.ToNormalizedString(), contentHash);
    }

    private static GatherRefusedException Invalid(string message) => new(NuGetReasons.MetadataInvalid, message);
}
