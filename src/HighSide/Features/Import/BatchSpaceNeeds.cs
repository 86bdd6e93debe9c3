using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>
/// What a batch's manifest says quarantine must hold for it (<see cref="QuarantineRoom"/>): each volume's payload and file
/// count, and the shipped blobs whose chunks are on several volumes, which are joined into a file of their own. Nothing is
/// held per file: a legitimate batch joins at most one blob per volume boundary.
/// </summary>
internal sealed record BatchSpaceNeeds(string BatchId, IReadOnlyList<BatchSpaceNeeds.VolumeShare> Volumes,
    IReadOnlyList<BatchSpaceNeeds.JoinedBlob> Joined)
{
    public sealed record VolumeShare(int Number, long Bytes, int FileCount);

    /// <summary>A blob joined from chunks; <see cref="Hash"/> is null when its digest is not sha256:&lt;64 lowercase hex&gt;.</summary>
    public sealed record JoinedBlob(Sha256Value? Hash, long Size);

    /// <summary>The needs of a manifest already parsed (read back from quarantine).</summary>
    public static BatchSpaceNeeds Of(BatchManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var volumes = manifest.Volumes.Select(v => new VolumeShare(v.Number, v.Bytes, v.FileCount)).ToList();
        var joined = manifest.Blobs
            .Where(b => IsJoined(b.Shipped, b.Chunks?.Select(c => c.Volume)))
            .Select(b => new JoinedBlob(HashNames.TryParse(b.Digest, HashNames.DigestPrefix, out var hash) ? (Sha256Value?)hash : null, b.Size))
            .ToList();
        return new BatchSpaceNeeds(manifest.BatchId, volumes, joined);
    }

    /// <summary>A shipped blob with chunks on more than one volume.</summary>
    private static bool IsJoined(bool shipped, IEnumerable<int>? chunkVolumes)
    {
        if (!shipped || chunkVolumes is null)
        {
            return false;
        }

        int? first = null;
        foreach (var volume in chunkVolumes)
        {
            first ??= volume;
            if (volume != first)
            {
                return true;
            }
        }

        return false;
    }
}
