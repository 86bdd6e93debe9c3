namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The positions of a list's first entries, sorted by a key (ties by position): a lookup and a check for repeated keys
/// at 4 bytes an entry, where a dictionary or set of the same keys costs ten times that and more while a manifest of
/// many files is checked.
/// </summary>
internal sealed class SortedPositions
{
    private readonly int[] _order;
    private readonly Comparison<int> _compareKeys;

    /// <param name="count">Positions 0 to count - 1 are indexed.</param>
    /// <param name="compareKeys">Compares the keys of the entries at two positions.</param>
    public SortedPositions(int count, Comparison<int> compareKeys)
        : this(Positions(count), compareKeys)
    {
    }

    /// <param name="positions">The positions indexed (taken over and sorted in place).</param>
    /// <param name="compareKeys">Compares the keys of the entries at two positions.</param>
    public SortedPositions(int[] positions, Comparison<int> compareKeys)
    {
        _compareKeys = compareKeys;
        _order = positions;
        Array.Sort(_order, (a, b) => compareKeys(a, b) is var c and not 0 ? c : a.CompareTo(b));
    }

    public int Count => _order.Length;

    /// <summary>The position whose key is the rank-th smallest.</summary>
    public int this[int rank] => _order[rank];

    /// <summary>The positions of a manifest's files on one volume, sorted by path (ordinal).</summary>
    public static SortedPositions OfVolume(IReadOnlyList<ManifestFile> files, int volume)
    {
        ArgumentNullException.ThrowIfNull(files);
        var positions = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Volume == volume)
            {
                positions.Add(i);
            }
        }

        return new SortedPositions([.. positions], (a, b) => files[a].ComparePath(files[b]));
    }

    /// <summary>The position of the file with this path in an index made by <see cref="OfVolume"/>; -1 if none.</summary>
    public int FindPath(IReadOnlyList<ManifestFile> files, string path) =>
        Find((files, path), static (i, probe) => probe.files[i].ComparePath(probe.path));

    /// <summary>The first position, in list order, whose key an earlier position already has; -1 if every key is unique.</summary>
    public int FirstRepeat()
    {
        var first = -1;
        for (var i = 1; i < _order.Length; i++)
        {
            if (_compareKeys(_order[i - 1], _order[i]) == 0 && (first < 0 || _order[i] < first))
            {
                first = _order[i];
            }
        }

        return first;
    }

    /// <summary>A position whose key equals the probe (the only one when keys are unique); -1 if none.</summary>
    /// <param name="probe">What the key is compared with (a key, with whatever the comparison needs to reach the entries).</param>
    /// <param name="compareWithProbe">Compares the key at a position with the probe: below zero when the key sorts before it.</param>
    public int Find<TProbe>(TProbe probe, Func<int, TProbe, int> compareWithProbe)
    {
        ArgumentNullException.ThrowIfNull(compareWithProbe);
        int low = 0, high = _order.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var compared = compareWithProbe(_order[middle], probe);
            if (compared == 0)
            {
                return _order[middle];
            }

            if (compared < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    // 0 to count - 1, filled by a loop: Enumerable.Range over int is compiled at run time, on every start.
    private static int[] Positions(int count)
    {
        var positions = new int[count];
        for (var i = 0; i < count; i++)
        {
            positions[i] = i;
        }

        return positions;
    }
}
