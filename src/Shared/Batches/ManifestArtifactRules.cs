using System.Globalization;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.NuGet;
using TransferPipeline.Shared.Oci;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.Scanning;

namespace TransferPipeline.Shared.Batches;

/// <summary>The rules of one artifact entry, in order; the first that fails is its problem.</summary>
internal static class ManifestArtifactRules
{

    public static (string Message, BatchRejectionReason Reason)? FindProblem(ManifestArtifact a, BatchLimits limits)
    {
        const BatchRejectionReason Invalid = BatchRejectionReason.ManifestInvalid;
        if (!ArtifactKinds.IsKnown(a.Kind))
        {
            return ($"artifact kind '{a.Kind}' is unknown ({ArtifactKinds.Names})", Invalid);
        }

        if (!BatchIdentifiers.IsDigest(a.Digest))
        {
            return ($"artifact digest '{a.Digest}' is not sha256:<64 hex digits>", Invalid);
        }

        if (FirstBlank(a) is { } blank)
        {
            return ($"artifact {blank} is empty", Invalid);
        }

        string?[] texts = [a.Source, a.Name, a.Version, a.MediaType, a.Requester, a.RequestId, a.Justification, a.Ticket];
        if (texts.Any(t => t is not null && t.Length > limits.MaxTextLength))
        {
            return ($"an artifact text field is longer than {limits.MaxTextLength} characters", BatchRejectionReason.LimitExceeded);
        }

        if (texts.Any(t => t is not null && t.Any(char.IsControl)))
        {
            return ("an artifact text field contains control characters", Invalid);
        }

        return CheckKind(a) ?? CheckBlobs(a, limits) ?? ManifestAttachmentRules.FindProblem(a);
    }

    // The fields that must hold more than white space.
    private static string? FirstBlank(ManifestArtifact a) =>
        string.IsNullOrWhiteSpace(a.Source) ? "source"
        : string.IsNullOrWhiteSpace(a.Name) ? "name"
        : string.IsNullOrWhiteSpace(a.Requester) ? "requester"
        : string.IsNullOrWhiteSpace(a.RequestId) ? "requestId"
        : string.IsNullOrWhiteSpace(a.Justification) ? "justification"
        : null;

    private static (string, BatchRejectionReason)? CheckKind(ManifestArtifact a)
    {
        const BatchRejectionReason Invalid = BatchRejectionReason.ManifestInvalid;
        if (ArtifactKinds.IsInOciLayout(a.Kind))
        {
            if (!BatchIdentifiers.IsLayoutTag(a.LayoutTag))
            {
                return ($"image {a.Name} needs a layout tag, and '{a.LayoutTag}' is not a valid OCI tag", Invalid);
            }

            if (string.IsNullOrWhiteSpace(a.MediaType))
            {
                return ($"image {a.Name} has no media type", Invalid);
            }

            // The repository and tag it is pushed under: what no registry takes is refused here, not half-way through a publish.
            if (a.Kind == ArtifactKinds.Image && (!OciGrammar.IsValidRepository(a.Name) || (a.Version is not null && !OciGrammar.IsValidTag(a.Version))))
            {
                return ($"image '{a.Name}'{(a.Version is null ? "" : $" tag '{a.Version}'")} is not an OCI repository name and tag", Invalid);
            }

            if (a.Kind == ArtifactKinds.Image && ImageReference.IsAttachmentTag(a.Version))
            {
                return ($"image {a.Name} has tag '{a.Version}', and tags starting '{ImageReference.AttachmentTagPrefix}' belong to other "
                    + "images' signatures, attestations, SBOMs and referrers", Invalid);
            }
        }
        else if (a.LayoutTag is not null)
        {
            return ($"a {a.Kind} artifact is not in the OCI layout and has no layout tag", Invalid);
        }

        // The name a file, or a chart's archive, is published under on the file mirror (ART-21).
        if (PublishedFileName(a) is { } fileName && PortableFileName.Problem(fileName) is { } unportable)
        {
            return ($"a {a.Kind} artifact would be published under a name that is not a portable file name: {unportable}", Invalid);
        }

        var fits = a.Kind switch
        {
            ArtifactKinds.ScannerData => ScannerDataFiles.PackingOf(a.Name, a.Source) is not null,
            ArtifactKinds.Deb => DebianSource.TryParse(a.Source, out _) && DebianNames.SplitRequested(a.Name) is not null && a.Version is null,
            ArtifactKinds.Npm => NpmNames.IsRegistry(a.Source) && NpmNames.IsArtifactName(a.Name) && a.Version is null,
            ArtifactKinds.PyPI => PyPINames.IsIndex(a.Source) && PyPINames.IsArtifactName(a.Name) && a.Version is null,
            ArtifactKinds.NuGet => NuGetNames.IsServiceIndex(a.Source) && NuGetNames.IsArtifactName(a.Name) && a.Version is null,
            _ => true,
        };
        if (fits)
        {
            return null;
        }

        return (a.Kind switch
        {
            ArtifactKinds.ScannerData => $"scanner-data '{a.Name}' from '{a.Source}' is not {ScannerDataFiles.Description}",
            ArtifactKinds.Deb => $"deb '{a.Name}' from '{a.Source}' needs a source {DebianSource.Description}, a name of package names "
                + "separated by single spaces, and no version",
            ArtifactKinds.Npm => $"npm '{a.Name}' from '{a.Source}' needs a source that is {NpmNames.RegistryDescription}, a name of "
                + $"{NpmNames.NameDescription}, and no version",
            ArtifactKinds.PyPI => $"pypi '{a.Name}' from '{a.Source}' needs a source that is {PyPINames.IndexDescription}, a name of "
                + $"{PyPINames.NameDescription}, and no version",
            _ => $"nuget '{a.Name}' from '{a.Source}' needs a source that is {NuGetNames.ServiceIndexDescription}, a name "
                + $"of {NuGetNames.NameDescription}, and no version",
        }, Invalid);
    }

    private static string? PublishedFileName(ManifestArtifact a) => a.Kind switch
    {
        ArtifactKinds.File => a.Name,
        ArtifactKinds.Chart => string.Create(CultureInfo.InvariantCulture, $"{a.Name}-{a.Version}.tgz"),
        _ => null,
    };

    private static (string, BatchRejectionReason)? CheckBlobs(ManifestArtifact a, BatchLimits limits)
    {
        if (a.Blobs.Count == 0)
        {
            return ($"artifact {a.Name} lists no blobs", BatchRejectionReason.ManifestInvalid);
        }

        if (a.Blobs.Count > limits.MaxFiles)
        {
            return ($"artifact {a.Name} lists {a.Blobs.Count} blobs; the limit is {limits.MaxFiles}", BatchRejectionReason.LimitExceeded);
        }

        if (a.Blobs[0] != a.Digest)
        {
            return ($"artifact {a.Name} does not list its own digest {a.Digest} first among its blobs", BatchRejectionReason.ManifestInvalid);
        }

        var seen = new HashSet<string>(a.Blobs.Count, StringComparer.Ordinal);
        return a.Blobs.All(seen.Add) ? null : ($"artifact {a.Name} lists a blob twice", BatchRejectionReason.DuplicateEntry);
    }
}
