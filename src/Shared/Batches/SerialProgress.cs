namespace TransferPipeline.Shared.Batches;

/// <summary>Serialises reports from parallel workers so a caller's progress sink need not be thread-safe.</summary>
internal sealed class SerialProgress(IProgress<long> inner) : IProgress<long>
{
    private readonly Lock _lock = new();

    public void Report(long value)
    {
        lock (_lock)
        {
            inner.Report(value);
        }
    }
}
