using TransferPipeline.Shared;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>Entries and uncompressed bytes read so far, over the chart archive and every subchart archive inside it.</summary>
internal sealed class ChartArchiveBudget(ChartImageLimits limits)
{
    private long _bytes;
    private int _entries;

    public void CountEntry(string name)
    {
        if (++_entries > limits.MaxEntries)
        {
            throw new ChartImageException(
                $"the chart archive holds more than {limits.MaxEntries} entries (the limit), reached at '{DisplayText.Printable(name)}'");
        }
    }

    public void CountBytes(int read)
    {
        _bytes += read;
        if (_bytes > limits.MaxArchiveBytes)
        {
            throw new ChartImageException(
                $"the chart archive unpacks to more than {ByteSize.Format(limits.MaxArchiveBytes)} (the limit)");
        }
    }
}
