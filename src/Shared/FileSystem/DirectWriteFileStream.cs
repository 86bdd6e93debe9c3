using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// A new file written front to back with direct I/O (O_DIRECT): whole 4 MiB blocks go from an aligned buffer to the disk
/// without being copied into the page cache, which on the high side's import was half of all its CPU time (the kernel's copy
/// into fresh page-cache pages), and leave no dirty pages to throttle the writer. The last block is padded to the file
/// system's alignment and the file cut back to its length. Where the file system has no direct I/O it is an ordinary
/// <see cref="WritebackFileStream"/>. Not a durability guarantee either: the disk may still cache the blocks and the file's
/// size and extents are metadata, so the caller still makes the file durable with fsync or syncfs.
/// </summary>
public sealed class DirectWriteFileStream : Stream
{
    /// <summary>Bytes in one direct write.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    private const int Alignment = 4096;
    private static readonly ConcurrentBag<byte[]> Buffers = [];

    private readonly SafeFileHandle _handle;
    private readonly string _path;
    private readonly byte[] _buffer;
    private readonly int _start;
    private int _staged;
    private long _written;

    private DirectWriteFileStream(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
        // Pinned, so the block's address stays aligned for the device.
        _buffer = Buffers.TryTake(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(BlockBytes + Alignment, pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, 0);
        _start = (int)((Alignment - (address % Alignment)) % Alignment);
    }

    /// <summary>Creates <paramref name="path"/>, which must not exist, readable by all and writable by the owner.</summary>
    public static Stream CreateNew(string path)
    {
        // Created as any other file (mode, exclusive), then opened again for direct I/O, which a file system may refuse.
        new FileStream(path, WriteOptions.For(FileMode.CreateNew, WriteOptions.ReadableByAll)).Dispose();
        var handle = NativeFileSystem.OpenDirectWrite(path);
        if (handle is not null)
        {
            return new DirectWriteFileStream(handle, path);
        }

        File.Delete(path);
        return WritebackFileStream.CreateNew(path);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written + _staged;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, BlockBytes - _staged);
            buffer[..take].CopyTo(_buffer.AsSpan(_start + _staged));
            _staged += take;
            buffer = buffer[take..];
            if (_staged == BlockBytes)
            {
                WriteAt(_buffer.AsSpan(_start, BlockBytes), _written);
                _written += BlockBytes;
                _staged = 0;
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
        // Only whole blocks are written before the file is closed.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_handle.IsClosed)
        {
            try
            {
                WriteTail();
            }
            finally
            {
                _handle.Dispose();
                Buffers.Add(_buffer);
            }
        }

        base.Dispose(disposing);
    }

    private void WriteTail()
    {
        if (_staged == 0)
        {
            return;
        }

        var padded = (_staged + Alignment - 1) / Alignment * Alignment;
        _buffer.AsSpan(_start + _staged, padded - _staged).Clear();
        WriteAt(_buffer.AsSpan(_start, padded), _written);
        RandomAccess.SetLength(_handle, _written + _staged);
    }

    // Named as FileStream names it: an operator (and the import's disk-full message) sees which file did not fit.
    private void WriteAt(ReadOnlySpan<byte> block, long offset)
    {
        try
        {
            RandomAccess.Write(_handle, block, offset);
        }
        catch (IOException ex)
        {
            throw new IOException($"{ex.Message} : '{_path}'", ex.HResult);
        }
    }
}
