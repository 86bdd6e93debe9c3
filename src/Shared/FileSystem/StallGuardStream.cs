using System.Buffers;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// Reads <paramref name="inner"/> (a network body) and throws <see cref="TimeoutException"/> when one read waits longer
/// than <paramref name="stallTimeout"/>: a server that stops sending, or a connection that died without a word, would
/// otherwise hold its reader for ever. The caller disposes <paramref name="inner"/>.
/// </summary>
public sealed class StallGuardStream(Stream inner, TimeSpan stallTimeout, string what) : ReadOnlyForwardStream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        try
        {
            var read = await inner.ReadAsync(buffer, stall.Token);
            _read += read;
            return read;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} sent nothing for {stallTimeout.TotalSeconds:0.#} s after {_read} bytes");
        }
    }
}
