using System.Buffers.Binary;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The first entry of a list, in list order, whose key an earlier entry already has: what a dictionary filled in list order
/// would refuse first, found in one pass over a table sorted by key whose values begin with the entry's position (32 bits,
/// big-endian).
/// </summary>
internal static class RepeatedKeys
{
    public static (int Position, byte[] Key)? First(SortedRecordSpill records)
    {
        ArgumentNullException.ThrowIfNull(records);
        (int Position, byte[] Key)? first = null;
        var cursor = records.Records();
        var group = new byte[SortedRecordSpill.MaxKeyBytes];
        var groupLength = -1;
        int smallest = -1, second = -1;
        while (true)
        {
            var more = cursor.MoveNext();
            if (!more || groupLength < 0 || !cursor.Key.SequenceEqual(group.AsSpan(0, groupLength)))
            {
                // Within a group of equal keys, the second smallest position is the one that repeats an earlier entry.
                if (second >= 0 && (first is null || second < first.Value.Position))
                {
                    first = (second, group[..groupLength]);
                }

                if (!more)
                {
                    return first;
                }

                cursor.Key.CopyTo(group);
                groupLength = cursor.Key.Length;
                smallest = second = -1;
            }

            var position = BinaryPrimitives.ReadInt32BigEndian(cursor.Value);
            if (smallest < 0 || position < smallest)
            {
                (smallest, second) = (position, smallest);
            }
            else if (second < 0 || position < second)
            {
                second = position;
            }
        }
    }
}
