namespace TransferPipeline.Shared.Batches;

/// <summary>
/// How artifacts refer to blobs and to each other: every blob an artifact needs is declared, every declared blob is
/// needed by some artifact, and no two images share an OCI layout tag.
/// </summary>
/// <param name="manifest">The manifest, whose blobs are each listed once.</param>
/// <param name="blobs">The blobs by digest.</param>
internal sealed class ManifestReferenceRules(BatchManifest manifest, ManifestBlobIndex blobs)
{
    private readonly System.Collections.BitArray _needed = new(manifest.Blobs.Count);

    public (string Property, string Message, BatchRejectionReason Reason)? FindFirstProblem() =>
        CheckArtifactBlobs() ?? CheckEveryBlobUsed() ?? CheckLayoutTags();

    private (string, string, BatchRejectionReason)? CheckArtifactBlobs()
    {
        foreach (var artifact in manifest.Artifacts)
        {
            var missing = artifact.Blobs.FirstOrDefault(d => !Need(d));
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

    // Whether the manifest declares this blob; if so it is marked as needed.
    private bool Need(string digest)
    {
        if (!blobs.TryFind(digest, out var found))
        {
            return false;
        }

        _needed[found.Position] = true;
        return true;
    }

    // Runs after every artifact has found its blobs (CheckArtifactBlobs), which marked them needed.
    private (string, string, BatchRejectionReason)? CheckEveryBlobUsed()
    {
        var unused = manifest.Blobs.Where((_, i) => !_needed[i]).FirstOrDefault();
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
