namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// Reads <paramref name="inner"/> and throws once more than <paramref name="maxBytes"/> came: what
/// <paramref name="tooLong"/> makes, else an <see cref="InvalidDataException"/>.
/// </summary>
public sealed class BoundedReadStream(Stream inner, long maxBytes, Func<Exception>? tooLong = null) : ReadOnlyForwardStream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    private int Count(int read)
    {
        _read += read;
        return _read > maxBytes ? throw tooLong?.Invoke() ?? new InvalidDataException($"more than {maxBytes} bytes") : read;
    }
}
