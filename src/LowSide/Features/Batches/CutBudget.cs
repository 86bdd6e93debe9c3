using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>
/// How much one batch takes: <c>Batches:MaxBlobsPerBatch</c> blobs, <c>Batches:MaxArtifactsPerBatch</c> artifacts, and
/// an estimate of its publish plan's lines within the <paramref name="MaxPlanBytes"/> the high side accepts.
/// </summary>
/// <param name="MaxBlobs">Most blobs a batch takes.</param>
/// <param name="MaxArtifacts">Most artifacts a batch takes.</param>
/// <param name="MaxPlanBytes">
/// Most bytes the plan's lines may take in an officer's statement by <see cref="PlanLineAllowance"/>'s estimate: the high
/// side refuses at import (publish-plan-too-large) a batch whose real plan takes more than
/// <see cref="ApprovalStatement.MaxPlanBytes"/>, as officers could neither approve nor reject it.
/// </param>
internal sealed record CutBudget(int MaxBlobs, int MaxArtifacts, long MaxPlanBytes = ApprovalStatement.MaxPlanBytes)
{
    /// <summary>
    /// What the estimate of an artifact's plan line adds to its request's kind, source, name and version (the name and
    /// the version counted twice, as a chart's line names them twice) and its attachments, in bytes: the line's "publish: " and
    /// LF (10), its digest and spaces (80), and 160 for the high side's own text (its mirror path or registry host), which
    /// the low side does not know. The sources hold what the high side derives from them (a file's name, an image's
    /// repository and tag, a Debian repository's path), so the estimate errs on the large side unless the high side's
    /// own text is longer than that.
    /// </summary>
    public const int PlanLineAllowance = 250;

    /// <summary>
    /// The waiting requests (oldest first, each with its blobs, its artifacts and its plan's estimate, its parts'
    /// included) that fit, and always the first, so a request above the budget ships alone rather than never. A blob
    /// shared by two requests counts twice: the budget errs on the small side.
    /// </summary>
    public List<string> Take(IEnumerable<(string Id, long Blobs, long Artifacts, long PlanBytes)> waiting)
    {
        var taken = new List<string>();
        long blobs = 0, artifacts = 0, plan = 0;
        foreach (var (id, blobCount, artifactCount, planBytes) in waiting)
        {
            if (taken.Count > 0 && (blobs + blobCount > MaxBlobs || artifacts + artifactCount > MaxArtifacts || plan + planBytes > MaxPlanBytes))
            {
                break;
            }

            taken.Add(id);
            blobs += blobCount;
            artifacts += artifactCount;
            plan += planBytes;
        }

        return taken;
    }
}
