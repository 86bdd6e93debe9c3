using System.Buffers;
using System.Text;

namespace TransferPipeline.Shared.Crypto;

/// <summary>Unkeyed BLAKE2b (libsodium's crypto_generichash), one-shot or incremental.</summary>
public sealed class Blake2bHash : IDisposable
{
    /// <summary>Smallest supported output length in bytes.</summary>
    public const int MinOutputLength = LibSodium.GenericHashBytesMin;

    /// <summary>Largest supported output length in bytes (BLAKE2b-512).</summary>
    public const int MaxOutputLength = LibSodium.GenericHashBytesMax;

    private const int StreamBufferSize = 64 * 1024;

    // The native state must not move: it lives in a pinned array, at an offset that gives
    // libsodium the 64-byte alignment it declares.
    private readonly byte[] _stateBuffer;
    private readonly int _stateOffset;
    private readonly int _stateLength;
    private readonly int _outputLength;
    private bool _finished;
    private bool _disposed;

    /// <summary>Starts an incremental hash producing <paramref name="outputLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">outputLength is outside 16..64.</exception>
    public Blake2bHash(int outputLength)
    {
        RequireOutputLength(outputLength);
        _outputLength = outputLength;
        _stateLength = LibSodium.GenericHashStateBytes();
        _stateBuffer = GC.AllocateArray<byte>(_stateLength + LibSodium.GenericHashStateAlignment - 1, pinned: true);
        _stateOffset = AlignedOffset(_stateBuffer);
        LibSodium.GenericHashInit(State, outputLength);
    }

    /// <summary>Output length in bytes.</summary>
    public int OutputLength => _outputLength;

    private Span<byte> State => _stateBuffer.AsSpan(_stateOffset, _stateLength);

    /// <summary>Hashes <paramref name="data"/> in one call.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> data, int outputLength)
    {
        RequireOutputLength(outputLength);
        var output = new byte[outputLength];
        LibSodium.GenericHash(output, data);
        return output;
    }

    /// <summary>Hashes the UTF-8 bytes of <paramref name="text"/>, encoded a block at a time rather than into one array.</summary>
    public static byte[] ComputeUtf8(ReadOnlySpan<char> text, int outputLength)
    {
        using var hash = new Blake2bHash(outputLength);
        var encoder = Encoding.UTF8.GetEncoder();
        Span<byte> block = stackalloc byte[4096];
        var flushed = false;
        while (!flushed)
        {
            flushed = text.IsEmpty;
            encoder.Convert(text, block, flushed, out var used, out var written, out _);
            hash.Append(block[..written]);
            text = text[used..];
        }

        return hash.Finish();
    }

    /// <summary>Hashes a stream from its current position to its end, without buffering it whole.</summary>
    public static async Task<byte[]> ComputeAsync(Stream stream, int outputLength, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = new Blake2bHash(outputLength);
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, StreamBufferSize), ct)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hash.Finish();
    }

    /// <summary>Adds <paramref name="data"/> to the hash.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Finish"/> was already called.</exception>
    public void Append(ReadOnlySpan<byte> data)
    {
        ThrowIfUnusable();
        LibSodium.GenericHashUpdate(State, data);
    }

    /// <summary>Returns the digest. The hasher cannot be used afterwards.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Finish"/> was already called.</exception>
    public byte[] Finish()
    {
        ThrowIfUnusable();
        var output = new byte[_outputLength];
        LibSodium.GenericHashFinal(State, output);
        _finished = true;
        CryptoBytes.Zero(_stateBuffer);
        return output;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // The state may have absorbed secret input (minisign checksums cover the secret key).
        CryptoBytes.Zero(_stateBuffer);
        _disposed = true;
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("Finish was already called on this hash.");
        }
    }

    private static void RequireOutputLength(int outputLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputLength, MinOutputLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputLength, MaxOutputLength);
    }

    private static unsafe int AlignedOffset(byte[] pinned)
    {
        fixed (byte* start = pinned)
        {
            var misalignment = (int)((nuint)start % LibSodium.GenericHashStateAlignment);
            return misalignment == 0 ? 0 : LibSodium.GenericHashStateAlignment - misalignment;
        }
    }
}
