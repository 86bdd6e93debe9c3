namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Every rule of a parsed manifest, in the order docs/batch-format.md lists them, reporting the first problem with its
/// rejection reason: the top-level values, then each artifact (<see cref="ManifestArtifactRules"/>), then the relations
/// between volumes, files, blobs and artifacts (<see cref="ManifestStructureRules"/>). Plain checks, not a validator of
/// compiled expressions: building and first running those was a third of a short `highside verify` (issue 18).
/// </summary>
public static class ManifestRules
{
    // The files' indexes are sorted in workDirectory (temporary files without a name), the system's temporary directory when null.
    public static (string Message, BatchRejectionReason Reason)? FindFirstProblem(
        BatchManifest manifest, BatchLimits limits, string? workDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(limits);
        if (CheckTopLevel(manifest, limits) is { } problem)
        {
            return problem;
        }

        foreach (var artifact in manifest.Artifacts)
        {
            if (ManifestArtifactRules.FindProblem(artifact, limits) is { } artifactProblem)
            {
                return artifactProblem;
            }
        }

        using var structure = new ManifestStructureRules(manifest, limits, workDirectory ?? Path.GetTempPath());
        return structure.FindFirstProblem() is { } relation
            ? (relation.Message, relation.Reason)
            : null;
    }

    private static (string, BatchRejectionReason)? CheckTopLevel(BatchManifest m, BatchLimits limits)
    {
        const BatchRejectionReason Invalid = BatchRejectionReason.ManifestInvalid;
        const BatchRejectionReason Limit = BatchRejectionReason.LimitExceeded;
        if (m.FormatVersion != BatchManifest.CurrentFormatVersion)
        {
            return ($"format version {m.FormatVersion} is not supported (this version reads {BatchManifest.CurrentFormatVersion})",
                BatchRejectionReason.UnsupportedFormatVersion);
        }

        if (!BatchIdentifiers.IsBatchId(m.BatchId))
        {
            return ("batchId must be 1-48 lowercase letters, digits or '-'", Invalid);
        }

        if (!BatchIdentifiers.IsSiteId(m.SiteId))
        {
            return ("siteId must be 1-32 lowercase letters, digits or '-'", Invalid);
        }

        if (m.Sequence < 1 || m.Sequence > limits.MaxSequence)
        {
            return ($"sequence {m.Sequence} is outside 1..{limits.MaxSequence}", Limit);
        }

        var expectedId = BatchIdentifiers.BatchIdFor(m.SiteId, m.Sequence);
        if (m.BatchId != expectedId)
        {
            return ($"batchId {m.BatchId} is not the id of site {m.SiteId}'s batch {m.Sequence} ({expectedId})",
                BatchRejectionReason.BatchIdMismatch);
        }

        if (m.ExpiresUtc <= m.CreatedUtc)
        {
            return ("expiresUtc must be later than createdUtc", Invalid);
        }

        if (!BatchIdentifiers.IsKeyId(m.KeyId))
        {
            return ("keyId must be 1 to 16 uppercase hex digits", Invalid);
        }

        if (m.ChunkSize < 1 || m.ChunkSize > limits.MaxFileBytes)
        {
            return ($"chunkSize {m.ChunkSize} is outside 1..{limits.MaxFileBytes}", Limit);
        }

        if (m.Volumes.Count < 1 || m.Volumes.Count > limits.MaxVolumes)
        {
            return ($"the batch declares {m.Volumes.Count} volumes; the limit is {limits.MaxVolumes}", Limit);
        }

        if (m.Files.Count > limits.MaxFiles)
        {
            return ($"the manifest lists {m.Files.Count} files; the limit is {limits.MaxFiles}", Limit);
        }

        if (m.Artifacts.Count < 1 || m.Artifacts.Count > limits.MaxArtifacts)
        {
            return ($"the manifest lists {m.Artifacts.Count} artifacts; allowed are 1 to {limits.MaxArtifacts}", Limit);
        }

        return m.Blobs.Count > limits.MaxFiles
            ? ($"the manifest lists {m.Blobs.Count} blobs; the limit is {limits.MaxFiles}", Limit)
            : null;
    }
}
