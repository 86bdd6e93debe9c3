namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>How much one batch takes: <c>Batches:MaxBlobsPerBatch</c> blobs and <c>Batches:MaxArtifactsPerBatch</c> artifacts.</summary>
internal sealed record CutBudget(int MaxBlobs, int MaxArtifacts)
{
    /// <summary>
    /// The waiting requests (oldest first, each with its blobs and its artifacts, its parts' included) that fit, and always
    /// the first, so a request above the budget ships alone rather than never. A blob shared by two requests counts twice:
    /// the budget errs on the small side.
    /// </summary>
    public List<string> Take(IEnumerable<(string Id, long Blobs, long Artifacts)> waiting)
    {
        var taken = new List<string>();
        long blobs = 0, artifacts = 0;
        foreach (var (id, blobCount, artifactCount) in waiting)
        {
            if (taken.Count > 0 && (blobs + blobCount > MaxBlobs || artifacts + artifactCount > MaxArtifacts))
            {
                break;
            }

            taken.Add(id);
            blobs += blobCount;
            artifacts += artifactCount;
        }

        return taken;
    }
}
