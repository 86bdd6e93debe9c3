using System.Security.Cryptography;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Storage;

namespace TransferPipeline.Shared.Npm;

/// <summary>
/// A read-only pass-through that hashes (SHA-512) what is read and, at its end, throws
/// <see cref="BlobDigestMismatchException"/> unless the content has <paramref name="integrity"/>: wrapped around a download
/// that is being stored, it keeps a tarball whose integrity is wrong from ever entering the store.
/// </summary>
public sealed class NpmIntegrityStream(Stream inner, string integrity) : ReadOnlyForwardStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private bool _checked;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Account(buffer.Span, read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(Span<byte> buffer, int read)
    {
        if (read > 0)
        {
            _hash.AppendData(buffer[..read]);
            return read;
        }

        if (buffer.Length > 0 && !_checked)
        {
            _checked = true;
            var actual = NpmIntegrity.Of(_hash.GetHashAndReset());
            if (actual != integrity)
            {
                throw new BlobDigestMismatchException(integrity, actual);
            }
        }

        return 0;
    }
}
