using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>Passes reads through and charges every byte to the archive's <see cref="ChartArchiveBudget"/>.</summary>
internal sealed class ChartBudgetStream(Stream inner, ChartArchiveBudget budget) : ReadOnlyForwardStream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        budget.CountBytes(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        budget.CountBytes(read);
        return read;
    }
}
