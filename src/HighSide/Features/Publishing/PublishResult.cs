namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>
/// What a publish run did; <see cref="AlreadyPublished"/> when the batch was published before it started.
/// <see cref="ArtifactsSkipped"/>: artifacts an earlier, interrupted run had published already.
/// </summary>
internal sealed record PublishResult(string BatchId, string State, int ArtifactsPublished, int ArtifactsSkipped, bool AlreadyPublished = false)
{
    /// <summary>One line an operator reads: the batch's state first, then what this run did.</summary>
    public string Describe() => (AlreadyPublished, ArtifactsPublished, ArtifactsSkipped) switch
    {
        (true, _, _) => $"batch {BatchId} is already published; nothing to do",
        (false, 0, 0) => $"batch {BatchId} is {State}; it had nothing left to publish",
        (false, 0, var earlier) => $"batch {BatchId} is {State}: all {earlier} artifact(s) had been published by an earlier, interrupted run",
        (false, var now, 0) => $"batch {BatchId} is {State}: {now} artifact(s) published",
        var (_, now, earlier) => $"batch {BatchId} is {State}: {now} artifact(s) published now, {earlier} by an earlier, interrupted run",
    };
}
