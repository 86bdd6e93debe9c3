using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Hosting.Backup;

/// <summary>The first <paramref name="length"/> bytes of <paramref name="inner"/>, then the end (fewer if it ends first).</summary>
internal sealed class PrefixReadStream(Stream inner, long length) : ReadOnlyForwardStream
{
    private long _left = length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Allowed(buffer.Length)]));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

    private int Allowed(int wanted) => (int)Math.Min(wanted, _left);

    private int Count(int read)
    {
        _left -= read;
        return read;
    }
}
