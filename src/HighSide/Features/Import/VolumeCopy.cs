using TransferPipeline.Shared.Batches;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// A volume's copy into quarantine: why it was refused, if it was, the regions of the media that never read, and the SHA-256 of
/// every file as it was written into quarantine, by its path in the volume (none when refused), and the parts its chunks were
/// written into. Disposing it removes the table of hashes' temporary file.
/// </summary>
internal sealed class VolumeCopy(Failure? refusal, IReadOnlyList<UnreadableRegion> unreadable, CopiedFileHashes? written, JoinedParts parts)
    : IDisposable
{
    public VolumeCopy(Failure refusal, IReadOnlyList<UnreadableRegion> unreadable)
        : this(refusal, unreadable, null, new JoinedParts(""))
    {
    }

    public Failure? Refusal => refusal;

    public IReadOnlyList<UnreadableRegion> Unreadable => unreadable;

    public CopiedFileHashes? Written => written;

    public JoinedParts Parts => parts;

    public void Dispose() => written?.Dispose();
}
