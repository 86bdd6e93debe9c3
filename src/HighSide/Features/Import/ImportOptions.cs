namespace TransferPipeline.HighSide.Features.Import;

/// <summary>The `Import` section: the daemon's drop folder.</summary>
internal sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>A folder the daemon watches for volumes (media mounted or copied there); unset: no watcher.</summary>
    public string? DropFolder { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
