using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// What an assembly changed in the batch's quarantine, made durable before the batch leaves assembling. Every file it moves was
/// durable already (a volume copy is flushed before the volume is recorded, a repaired one after its repair), so a move needs
/// only its old and new directory entries flushed: a few directory fsyncs, which wait for nothing else, where a syncfs waits
/// for every writer's dirty data on the file system (on a shared disk, seconds). A blob it wrote (joined from chunks on several
/// volumes) has data to flush, and past a few dozen directories one syncfs costs less than an fsync each: then the file
/// system is flushed as before.
/// </summary>
internal sealed class StoreMoves(ContentStore store)
{
    private const int MostDirectories = 32;

    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private bool _wrote;

    public void Moved(string from, string to)
    {
        _directories.Add(Path.GetDirectoryName(from)!);
        Kept(to);
    }

    // A blob a stopped assembly had already moved: that process's move may not have been flushed yet.
    public void Kept(string to)
    {
        // The store's own folders may be new: each one's entry in its parent, up to the batch's folder.
        var top = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(store.Root));
        for (var directory = Path.GetDirectoryName(to); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            _directories.Add(directory);
            if (directory == top)
            {
                break;
            }
        }
    }

    public void Wrote() => _wrote = true;

    public void Flush()
    {
        if (_wrote || _directories.Count > MostDirectories)
        {
            store.FlushAll();
            return;
        }

        foreach (var directory in _directories)
        {
            DurableFile.SyncDirectory(directory);
        }
    }
}
