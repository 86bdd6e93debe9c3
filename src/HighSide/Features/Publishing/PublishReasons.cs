namespace TransferPipeline.HighSide.Features.Publishing;

internal static class PublishReasons
{
    public const string NotApproved = "batch-not-approved";
    public const string NotPublishable = "batch-not-publishable";
    public const string QuarantineTampered = "quarantine-tampered";
    public const string BlobMissing = "blob-missing";
    public const string MirrorNotConfigured = "mirror-not-configured";
    public const string MirrorFailed = "mirror-failed";
    public const string Stopped = "publish-stopped";
}
