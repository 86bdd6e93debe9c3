using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A batch's blobs, each once, in the order its artifacts first list them: for each, which artifact's list holds it first
/// and where, 8 bytes a blob, so the hashes and sizes stay in the request's lists alone (issue 18: a list of the records and
/// the set that made it distinct held 10 MB more of a cut of 200,000 image layers). Every digest is sha256:&lt;64 lowercase
/// hex&gt;; the writer refuses any other before it makes the table.
/// </summary>
internal sealed class BatchBlobTable
{
    private readonly BlobInputList[] _lists;
    private readonly int[] _list;
    private readonly int[] _position;
    // The blobs' indexes sorted by hash, made when a blob is first looked up by its hash (only images are).
    private int[]? _byHash;

    private BatchBlobTable(BlobInputList[] lists, int[] list, int[] position)
    {
        _lists = lists;
        _list = list;
        _position = position;
    }

    public int Count => _list.Length;

    /// <summary>The request's blobs, each once, in the order the artifacts first list them.</summary>
    public static BatchBlobTable Of(BatchWriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Of([.. request.Artifacts.Select(a => a.BlobList)]);
    }

    /// <summary>These blobs, each once, in the order first listed.</summary>
    public static BatchBlobTable Of(IReadOnlyList<BlobInput> blobs) => Of([BlobInputList.Of(blobs)]);

    private static BatchBlobTable Of(BlobInputList[] lists)
    {
        var total = 0L;
        foreach (var blobs in lists)
        {
            total += blobs.Count;
        }

        // An open-addressing set of the blobs kept so far (their index + 1; 0 is an empty slot), at most half full.
        var slots = new int[(int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(total * 2)))];
        var list = new int[total];
        var position = new int[total];
        var count = 0;
        for (var l = 0; l < lists.Length; l++)
        {
            var blobs = lists[l];
            for (var p = 0; p < blobs.Count; p++)
            {
                if (!blobs.IsSha256At(p))
                {
                    throw new ArgumentException($"blob '{blobs.DigestAt(p)}' has an invalid digest", nameof(lists));
                }

                var hash = blobs.HashAt(p);
                var slot = (int)((uint)hash.GetHashCode() & (uint)(slots.Length - 1));
                while (slots[slot] != 0 && lists[list[slots[slot] - 1]].HashAt(position[slots[slot] - 1]) != hash)
                {
                    slot = (slot + 1) & (slots.Length - 1);
                }

                if (slots[slot] == 0)
                {
                    list[count] = l;
                    position[count] = p;
                    slots[slot] = ++count;
                }
            }
        }

        return count == total ? new(lists, list, position) : new(lists, list[..count], position[..count]);
    }

    public Sha256Value Hash(int index) => _lists[_list[index]].HashAt(_position[index]);

    public long Size(int index) => _lists[_list[index]].SizeAt(_position[index]);

    public string Digest(int index) => HashNames.Format(HashNames.DigestPrefix, Hash(index));

    public BlobInput Blob(int index) => new(Hash(index), Size(index));

    /// <summary>The index of the blob of this hash.</summary>
    public bool TryFind(Sha256Value hash, out int index)
    {
        var byHash = _byHash ??= SortedByHash();
        var low = 0;
        var high = byHash.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = Hash(byHash[middle]).CompareTo(hash);
            if (order == 0)
            {
                index = byHash[middle];
                return true;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        index = -1;
        return false;
    }

    private int[] SortedByHash()
    {
        var positions = new int[Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        positions.AsSpan().Sort((a, b) => Hash(a).CompareTo(Hash(b)));
        return positions;
    }
}
