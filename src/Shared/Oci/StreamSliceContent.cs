using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// Request content that sends exactly <c>length</c> bytes from the current position of a source
/// stream, hashing them on the way. Fails with <see cref="InvalidDataException"/> when the source
/// ends early, so a short file is never uploaded as if complete.
/// </summary>
internal sealed class StreamSliceContent : HttpContent
{
    private readonly Stream _source;
    private readonly long _length;
    private readonly IncrementalHash _hash;
    private bool _sent;

    public StreamSliceContent(Stream source, long length, IncrementalHash hash)
    {
        _source = source;
        _length = length;
        _hash = hash;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // The source position moves as we send; a second send would upload the wrong bytes.
        if (_sent)
        {
            throw new InvalidOperationException("A blob slice can be sent only once.");
        }

        _sent = true;
        var buffer = ArrayPool<byte>.Shared.Rent(HashingCopier.BufferSize);
        try
        {
            var remaining = _length;
            while (remaining > 0)
            {
                var want = (int)Math.Min(HashingCopier.BufferSize, remaining);
                var read = await _source.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    throw new InvalidDataException($"The blob content ended {remaining} bytes before the declared size.");
                }

                _hash.AppendData(buffer, 0, read);
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
