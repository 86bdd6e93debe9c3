namespace TransferPipeline.Shared.Tests.Support;

/// <summary>
/// A stream over bytes that hands out only a few at a time, as a slow device or pipe may: a reader of it sees every token
/// of a document cut somewhere. At most 1-7 bytes a read by default, or about <c>largest</c> when that is given.
/// </summary>
public sealed class TrickleStream(byte[] bytes, int largest = 7) : MemoryStream(bytes)
{
    private int _next;

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, NextSize()));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, NextSize())]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    private int NextSize() => largest <= 7 ? (_next++ % 7) + 1 : largest - (_next++ % 3);
}
