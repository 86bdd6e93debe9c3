
namespace TransferPipeline.LowSide.Progress;

/// <summary>
/// Adds up bytes moved by several transfers and hands snapshots (bytes, total, rate, time left) to a
/// renderer at most a few times a second: a terminal line, plain lines, or the daemon's log.
/// </summary>
internal sealed class TransferProgress(string label, Action<TransferSnapshot> render, TimeProvider timeProvider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly Lock _lock = new();
    private readonly long _started = timeProvider.GetTimestamp();
    private long _done;
    private long _total;
    private long _lastRender = timeProvider.GetTimestamp();

    public void AddTotal(long bytes)
    {
        lock (_lock)
        {
            _total += bytes;
        }
    }

    /// <summary>A progress for one transfer that reports its running count; a retry that starts over is handled.</summary>
    public IProgress<long> ForItem() => new ItemProgress(this);

    /// <summary>A progress that reports increments (as the Shared hashing copier does).</summary>
    public IProgress<long> Deltas() => new DeltaProgress(this);

    public void Complete() => render(Snapshot(final: true));

    private void Advance(long delta)
    {
        TransferSnapshot? snapshot = null;
        lock (_lock)
        {
            _done += delta;
            var now = timeProvider.GetTimestamp();
            if (timeProvider.GetElapsedTime(_lastRender, now) >= Interval)
            {
                _lastRender = now;
                snapshot = Snapshot(final: false);
            }
        }

        if (snapshot is not null)
        {
            render(snapshot);
        }
    }

    private TransferSnapshot Snapshot(bool final)
    {
        var elapsed = timeProvider.GetElapsedTime(_started);
        var rate = elapsed.TotalSeconds > 0.001 ? _done / elapsed.TotalSeconds : 0;
        TimeSpan? left = rate > 0 && _total > _done ? TimeSpan.FromSeconds((_total - _done) / rate) : null;
        return new TransferSnapshot(label, _done, _total, rate, left, elapsed, final);
    }

    private sealed class DeltaProgress(TransferProgress owner) : IProgress<long>
    {
        public void Report(long value) => owner.Advance(value);
    }

    private sealed class ItemProgress(TransferProgress owner) : IProgress<long>
    {
        private long _reported;

        public void Report(long value)
        {
            var delta = value - Interlocked.Exchange(ref _reported, value);
            owner.Advance(delta);
        }
    }
}
