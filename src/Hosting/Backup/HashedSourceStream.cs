using System.Security.Cryptography;

namespace TransferPipeline.Hosting.Backup;

/// <summary>
/// The first <paramref name="length"/> bytes of a file, hashed (SHA-256) as they are read. It reports that length and
/// counts as seekable (only to where it is), so TarWriter writes the entry's header first and then streams the data
/// straight into the archive, never holding it in memory. A file that ends early fails the backup.
/// </summary>
internal sealed class HashedSourceStream(Stream inner, long length) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _read;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>The lowercase hex SHA-256 of what was read; call once, after the last read.</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, inner.Read(buffer[..Allowed(buffer.Length)]), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
        return Account(buffer.Span, read, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _read + offset,
            _ => length + offset,
        };
        return target == _read ? _read : throw new NotSupportedException("a backup source is read once, front to back");
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Allowed(int wanted) => (int)Math.Min(wanted, length - _read);

    private int Account(ReadOnlySpan<byte> buffer, int read, int wanted)
    {
        if (read == 0 && wanted > 0 && _read < length)
        {
            throw new IOException($"the file ended after {_read} of its {length} bytes while it was backed up; run the backup again");
        }

        _hash.AppendData(buffer[..read]);
        _read += read;
        return read;
    }
}
