namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// A new file written front to back whose dirty pages are handed to the disk every few megabytes
/// (sync_file_range WRITE), and its tail when it is closed unless the whole file is small, so the disk works
/// from the first block instead of waiting until the kernel's dirty threshold (gigabytes on a large machine)
/// and then throttling the writer. Not a durability
/// guarantee: the caller still makes the file durable with fsync or syncfs, which then has little left
/// to wait for.
/// </summary>
public sealed class WritebackFileStream : Stream
{
    /// <summary>Bytes written between two writeback requests.</summary>
    public const int WritebackInterval = 64 * 1024 * 1024;

    /// <summary>Files shorter than this are not handed to the disk when closed.</summary>
    public const int SmallFileBytes = 1024 * 1024;

    private readonly FileStream _file;
    private long _position;
    private long _submitted;

    private WritebackFileStream(FileStream file) => _file = file;

    /// <summary>Creates <paramref name="path"/>, which must not exist, readable by all and writable by the owner.</summary>
    public static WritebackFileStream CreateNew(string path) =>
        new(new FileStream(path, WriteOptions.For(FileMode.CreateNew, WriteOptions.ReadableByAll)));

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _file.WriteAsync(buffer, cancellationToken);
        Advance(buffer.Length);
    }

    public override void Flush() => _file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            SubmitTail();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        SubmitTail();
        await _file.DisposeAsync();
        await base.DisposeAsync();
    }

    private void Advance(int written)
    {
        _position += written;
        if (_position - _submitted >= WritebackInterval)
        {
            SubmitWritten();
        }
    }

    // A small file's pages are left to the caller's fsync or syncfs: a request for each of thousands of small files makes
    // the file system allocate and write each one alone, where one syncfs would write them together.
    private void SubmitTail()
    {
        if (_position >= SmallFileBytes)
        {
            SubmitWritten();
        }
    }

    // Hands what was written since the last request to the disk; nothing once the file is closed.
    private void SubmitWritten()
    {
        if (_position > _submitted && !_file.SafeFileHandle.IsClosed)
        {
            NativeFileSystem.StartWriteback(_file.SafeFileHandle, _submitted, _position - _submitted);
            _submitted = _position;
        }
    }
}
