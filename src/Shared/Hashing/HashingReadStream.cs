using System.Buffers;
using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Hashing;

/// <summary>
/// A read-only pass-through that hashes (SHA-256) every byte read and refuses to read past a limit
/// with <see cref="InvalidDataException"/>, so a parser reading from it sees bounded input whose hash
/// is known afterwards.
/// </summary>
public sealed class HashingReadStream(Stream inner, long limit) : ReadOnlyForwardStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _total;

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads whatever the consumer left, on the calling thread, then returns the lowercase hex SHA-256 of all of it.</summary>
    public string Finish()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (Read(buffer) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>Reads whatever the consumer left, then returns the lowercase hex SHA-256 of all of it.</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span[..read]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _total += data.Length;
        if (_total > limit)
        {
            throw new InvalidDataException($"The input is longer than its limit of {limit} bytes.");
        }

        _hash.AppendData(data);
        return data.Length;
    }
}
