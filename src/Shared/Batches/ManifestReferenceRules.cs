namespace TransferPipeline.Shared.Batches;

/// <summary>
/// How artifacts refer to blobs and to each other: every blob an artifact needs is declared, every declared blob is
/// needed by some artifact, and no two images share an OCI layout tag.
/// </summary>
internal sealed class ManifestReferenceRules(BatchManifest manifest)
{
    public (string Property, string Message, BatchRejectionReason Reason)? FindFirstProblem() =>
        CheckArtifactBlobs() ?? CheckEveryBlobUsed() ?? CheckLayoutTags();

    private (string, string, BatchRejectionReason)? CheckArtifactBlobs()
    {
        var known = manifest.Blobs.Select(b => b.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var artifact in manifest.Artifacts)
        {
            var missing = artifact.Blobs.FirstOrDefault(d => !known.Contains(d));
            if (missing is not null)
            {
                return (
                    "artifacts",
                    $"artifact {artifact.Name} needs blob {DisplayText.Printable(missing)}, which the manifest does not declare",
                    BatchRejectionReason.ManifestInvalid);
            }
        }

        return null;
    }

    private (string, string, BatchRejectionReason)? CheckEveryBlobUsed()
    {
        var needed = manifest.Artifacts.SelectMany(a => a.Blobs).ToHashSet(StringComparer.Ordinal);
        var unused = manifest.Blobs.FirstOrDefault(b => !needed.Contains(b.Digest));
        return unused is null
            ? null
            : ("blobs", $"blob {unused.Digest} is needed by no artifact", BatchRejectionReason.ManifestInvalid);
    }

    // Tags differing only in case would overwrite each other on a case-insensitive file system's copy of the layout.
    private (string, string, BatchRejectionReason)? CheckLayoutTags()
    {
        var tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var twice = manifest.Artifacts.FirstOrDefault(a => a.LayoutTag is not null && !tags.Add(a.LayoutTag));
        return twice is null
            ? null
            : ("artifacts", $"layout tag '{twice.LayoutTag}' is used twice (case is ignored)", BatchRejectionReason.DuplicateEntry);
    }
}
