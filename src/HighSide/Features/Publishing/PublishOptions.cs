namespace TransferPipeline.HighSide.Features.Publishing;

/// <summary>The `Publish` section: when the daemon publishes approved batches.</summary>
internal sealed class PublishOptions
{
    public const string Section = "Publish";

    /// <summary>A Quartz cron expression; by default every minute.</summary>
    public string Schedule { get; set; } = "0 * * * * ?";

    /// <summary>Blobs at least this large go to the registry in chunks of this size.</summary>
    public int RegistryChunkSize { get; set; } = 16 * 1024 * 1024;
}
