using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// Values written one after another to a temporary file without a name (<see cref="UnlinkedTempFile"/>), then read back in
/// the same order, as often as wanted and by several readers at once: for lists too long to hold in memory (issue 18).
/// Numbers are little-endian; a text is a 32-bit count of UTF-16 code units and the code units, so any string comes back
/// as it was, lone surrogates included.
/// </summary>
public sealed class SequentialRecordFile : IDisposable
{
    private const int BufferBytes = 64 * 1024;

    private readonly SafeFileHandle _file;
    private byte[]? _buffer = new byte[BufferBytes];
    private int _used;
    private long _length;

    public SequentialRecordFile(string directory) => _file = UnlinkedTempFile.Create(directory);

    /// <summary>Bytes written so far.</summary>
    public long Length => _length + _used;

    public void WriteByte(byte value) => Write([value]);

    public void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteInt64(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteInt32(text.Length);
        Write(MemoryMarshal.AsBytes(text.AsSpan()));
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("The file is complete: nothing can be written.");
        while (!bytes.IsEmpty)
        {
            if (_used == BufferBytes)
            {
                Flush();
            }

            var part = Math.Min(bytes.Length, BufferBytes - _used);
            bytes[..part].CopyTo(buffer.AsSpan(_used));
            _used += part;
            bytes = bytes[part..];
        }
    }

    /// <summary>Writes out what is buffered: from now on the file can be read, and no longer written.</summary>
    public void Complete()
    {
        if (_buffer is not null)
        {
            Flush();
            _buffer = null;
        }
    }

    /// <summary>A reader from the first value written. Only once <see cref="Complete"/>.</summary>
    public Reader Read() =>
        _buffer is null ? new Reader(_file, 0, _length) : throw new InvalidOperationException("The file is not complete yet.");

    /// <summary>
    /// Fills <paramref name="bytes"/> with what was written from <paramref name="position"/> on: for values of a fixed size,
    /// read by their place. Only once <see cref="Complete"/>; safe from several threads.
    /// </summary>
    public void ReadAt(long position, Span<byte> bytes)
    {
        if (_buffer is not null)
        {
            throw new InvalidOperationException("The file is not complete yet.");
        }

        if (position < 0 || position + bytes.Length > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"{bytes.Length} bytes at {position} are not within the {_length} written");
        }

        if (!PositionedRead.TryFill(_file, bytes, position))
        {
            throw new InvalidDataException("The record file is shorter than written.");
        }
    }

    public void Dispose() => _file.Dispose();

    private void Flush()
    {
        RandomAccess.Write(_file, _buffer.AsSpan(0, _used), _length);
        _length += _used;
        _used = 0;
    }

    /// <summary>Reads the values in the order written, through a buffer of its own.</summary>
    public sealed class Reader
    {
        private readonly SafeFileHandle _file;
        private readonly long _end;
        private readonly byte[] _buffer = new byte[BufferBytes];
        private long _position;
        private int _offset;
        private int _filled;

        /// <summary>Reads the bytes of a file from <paramref name="start"/> up to <paramref name="end"/>.</summary>
        internal Reader(SafeFileHandle file, long start, long end)
        {
            _file = file;
            _position = start;
            _end = end;
        }

        /// <summary>Whether anything is left to read.</summary>
        public bool More => Ensure(1);

        /// <summary>Whether at least this many bytes (at most the buffer's size) are left to read.</summary>
        internal bool Has(int count) => Ensure(count);

        /// <summary>The next bytes without reading past them; valid until the next read.</summary>
        internal ReadOnlySpan<byte> Peek(int count)
        {
            Need(count);
            return _buffer.AsSpan(_offset, count);
        }

        internal void Skip(int count)
        {
            Need(count);
            _offset += count;
        }

        public byte ReadByte()
        {
            Need(1);
            return _buffer[_offset++];
        }

        public int ReadInt32()
        {
            Need(4);
            var value = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_offset));
            _offset += 4;
            return value;
        }

        public long ReadInt64()
        {
            Need(8);
            var value = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(_offset));
            _offset += 8;
            return value;
        }

        /// <summary>The next bytes, at most the buffer's size; valid until the next read.</summary>
        public ReadOnlySpan<byte> ReadBytes(int count)
        {
            var bytes = Peek(count);
            _offset += count;
            return bytes;
        }

        public string ReadText() => string.Create(ReadInt32(), this, static (chars, reader) =>
        {
            var bytes = MemoryMarshal.AsBytes(chars);
            while (!bytes.IsEmpty)
            {
                reader.Need(1);
                var part = Math.Min(bytes.Length, reader._filled - reader._offset);
                reader._buffer.AsSpan(reader._offset, part).CopyTo(bytes);
                reader._offset += part;
                bytes = bytes[part..];
            }
        });

        private void Need(int bytes)
        {
            if (!Ensure(bytes))
            {
                throw new InvalidDataException("The record file ends inside a value.");
            }
        }

        // At least this many unread bytes in the buffer, refilled from the file; false at its end.
        private bool Ensure(int bytes)
        {
            if (_filled - _offset >= bytes)
            {
                return true;
            }

            var kept = _filled - _offset;
            _buffer.AsSpan(_offset, kept).CopyTo(_buffer);
            _offset = 0;
            _filled = kept;
            while (_filled < bytes && _position < _end)
            {
                var want = (int)Math.Min(_buffer.Length - _filled, _end - _position);
                var read = RandomAccess.Read(_file, _buffer.AsSpan(_filled, want), _position);
                if (read == 0)
                {
                    throw new InvalidDataException("The record file is shorter than written.");
                }

                _filled += read;
                _position += read;
            }

            return _filled >= bytes;
        }
    }
}
