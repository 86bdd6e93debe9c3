namespace TransferPipeline.LowSide.Features.Batches;

/// <summary>Configuration section "Batches": media sizing, validity and the optional cut schedule.</summary>
internal sealed class BatchesOptions
{
    public const string Section = "Batches";

    /// <summary>Bytes one volume may occupy, e.g. 4.7GB (a DVD), 25GB, 64GiB.</summary>
    public string VolumeSize { get; set; } = "4.7GB";

    /// <summary>Blobs above this are split into chunks; below 4 GiB for FAT32.</summary>
    public string ChunkSize { get; set; } = "1GiB";

    /// <summary>How long a batch may wait before the high side imports it.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Most blobs one batch lists; gathered requests beyond it wait for the next batch (oldest first). A safety valve on a
    /// batch's time, disk and memory: the cut, verify, import and publish of 200,000 small files each peak under 150 MiB
    /// (docs/performance.md). A high side older than format revision 2026-12b refuses manifests of more than about 110,000
    /// small files; a site still running one sets 100,000.
    /// </summary>
    public int MaxBlobsPerBatch { get; set; } = 200_000;

    /// <summary>
    /// Most artifacts one batch lists (a request is one, and a chart's images count with it); requests beyond it wait for
    /// the next batch, oldest first. Officers approve a batch by signing its publish plan, one line an artifact, in a
    /// statement of at most 1 MiB, so a batch of many more would be one nobody could approve (at most 5,000). The cut
    /// also ends a batch before its plan's estimate passes what the high side accepts (<see cref="CutBudget"/>).
    /// </summary>
    public int MaxArtifactsPerBatch { get; set; } = 2_000;

    /// <summary>
    /// PAR2 recovery data on each volume, in percent of its bytes (0 to 100; 0 writes none), so a damaged volume can be
    /// repaired on the high side or by hand with par2 (docs/batch-format.md, section 14). Needs Debian's par2.
    /// </summary>
    public int Recovery { get; set; } = 5;

    /// <summary>Quartz cron expression for the daemon's scheduled cut (e.g. "0 0 6 ? * MON-FRI"); none when empty.</summary>
    public string? Schedule { get; set; }

    /// <summary>Where scheduled cuts, and cuts over HTTP that name no media, write; required when <see cref="Schedule"/> is set.</summary>
    public string? MediaDirectory { get; set; }

    /// <summary>
    /// Directories under which a cut over HTTP (POST /api/batches/cut) may name its media; otherwise it may name only
    /// <see cref="MediaDirectory"/>. An API token does not choose where the service account writes. The command line, run as the
    /// service account already, writes wherever --media says.
    /// </summary>
    public List<string> MediaRoots { get; set; } = [];

    /// <summary>Whether a cut over HTTP may write to <paramref name="media"/>: the media directory, or one under a media root.</summary>
    public bool AdmitsRequestedMedia(string media)
    {
        if (string.IsNullOrWhiteSpace(media))
        {
            return false;
        }

        var full = Normal(media);
        if (!string.IsNullOrWhiteSpace(MediaDirectory) && full == Normal(MediaDirectory))
        {
            return true;
        }

        return MediaRoots.Where(root => !string.IsNullOrWhiteSpace(root)).Select(Normal)
            .Any(root => full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        static string Normal(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }
}
