using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>
/// Records of a key and a value (bytes each), added in any order and then looked up by key, in memory that does not grow
/// with their number (issue 18). They are gathered in a buffer of fixed size; each full buffer is sorted and written to a
/// temporary file as a run, and <see cref="Complete"/> merges the runs into one file of sorted 4 KiB pages, of which only
/// each page's first key stays in memory. A lookup reads one page. Keys order as their bytes do (a prefix first).
/// </summary>
/// <remarks>
/// The temporary files are unlinked the moment they are created, so nothing is left in the directory whatever ends the
/// process, and their space is freed when the table is disposed. Filled by one writer; once complete, read-only and safe to
/// read from several threads. A key added twice finds one of its values.
/// </remarks>
public sealed class SortedRecordSpill : IDisposable
{
    public const int MaxKeyBytes = 1024;
    public const int MaxValueBytes = 1024;
    public const int DefaultRunBytes = 1024 * 1024;
    internal const int PageBytes = 4096;

    // Each record is its key's length and its value's length (16 bits each, big-endian), then the key, then the value. A page's
    // records end at a key length of zero or at the page's end; keys are never empty.
    private const int HeaderBytes = 4;
    private const int IoBufferBytes = 64 * 1024;

    private readonly string _directory;
    // From the shared pool: an import makes a dozen tables one after another, and a fresh megabyte each was garbage on the
    // large object heap, which only a full collection frees (issue 18).
    private byte[]? _run;
    private readonly int _runBytes;
    private readonly List<int> _runRecords = [];
    private int _runUsed;
    private SafeFileHandle? _runFile;
    private byte[]? _runWriteBuffer;
    private long _runFileLength;
    private readonly List<(long Start, long Length)> _runs = [];
    private SafeFileHandle? _pageFile;
    private PageIndex? _index;

    /// <param name="directory">Where the temporary files are made: on the file system of the data they describe.</param>
    /// <param name="runBytes">The records gathered in memory before they are sorted and written out as a run.</param>
    public SortedRecordSpill(string directory, int runBytes = DefaultRunBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(runBytes, HeaderBytes + MaxKeyBytes + MaxValueBytes);
        _directory = directory;
        _runBytes = runBytes;
        _run = ArrayPool<byte>.Shared.Rent(runBytes);
    }

    /// <summary>How many records were added.</summary>
    public int Count { get; private set; }

    /// <summary>How many runs were written out before the merge: 0 when every record fitted in memory.</summary>
    public int RunsWritten { get; private set; }

    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var run = _run ?? throw new InvalidOperationException("The table is complete: nothing can be added.");
        if (key.IsEmpty || key.Length > MaxKeyBytes)
        {
            throw new ArgumentException($"A key is 1-{MaxKeyBytes} bytes, not {key.Length}.", nameof(key));
        }

        if (value.Length > MaxValueBytes)
        {
            throw new ArgumentException($"A value is at most {MaxValueBytes} bytes, not {value.Length}.", nameof(value));
        }

        var length = HeaderBytes + key.Length + value.Length;
        if (_runUsed + length > _runBytes)
        {
            WriteRun();
        }

        var record = run.AsSpan(_runUsed, length);
        BinaryPrimitives.WriteUInt16BigEndian(record, (ushort)key.Length);
        BinaryPrimitives.WriteUInt16BigEndian(record[2..], (ushort)value.Length);
        key.CopyTo(record[HeaderBytes..]);
        value.CopyTo(record[(HeaderBytes + key.Length)..]);
        _runRecords.Add(_runUsed);
        _runUsed += length;
        Count++;
    }

    /// <summary>Sorts and merges what was added: from now on the table can be read, and no longer added to.</summary>
    public SortedRecordSpill Complete()
    {
        if (_run is null)
        {
            return this;
        }

        var pages = new PageWriter(Count == 0 ? null : CreateUnlinked());
        if (_runs.Count == 0)
        {
            // Everything fitted in memory: no run was written, and the sorted buffer becomes the pages directly.
            SortRun();
            foreach (var offset in _runRecords)
            {
                pages.Append(Record(_run, offset));
            }
        }
        else
        {
            WriteRun();
            Merge(pages);
            _runFile!.Dispose();
            _runFile = null;
        }

        (_pageFile, _index) = pages.Finish();
        ReturnRun();
        _runWriteBuffer = null;
        _runRecords.Clear();
        _runRecords.TrimExcess();
        return this;
    }

    /// <summary>
    /// Finds the record with this key and copies its value into <paramref name="value"/>; false when there is none. Only once
    /// <see cref="Complete"/>.
    /// </summary>
    public bool TryFind(ReadOnlySpan<byte> key, Span<byte> value, out int valueLength)
    {
        var index = _index ?? throw new InvalidOperationException("The table is not complete yet.");
        valueLength = 0;
        var page = index.PageFor(key);
        if (page < 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[PageBytes];
        var read = RandomAccess.Read(_pageFile!, bytes, (long)page * PageBytes);
        bytes = bytes[..read];
        for (var offset = 0; offset + HeaderBytes <= bytes.Length;)
        {
            var keyLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);
            if (keyLength == 0)
            {
                break;
            }

            var valueBytes = BinaryPrimitives.ReadUInt16BigEndian(bytes[(offset + 2)..]);
            var compared = bytes.Slice(offset + HeaderBytes, keyLength).SequenceCompareTo(key);
            if (compared > 0)
            {
                break;
            }

            if (compared == 0)
            {
                bytes.Slice(offset + HeaderBytes + keyLength, valueBytes).CopyTo(value);
                valueLength = valueBytes;
                return true;
            }

            offset += HeaderBytes + keyLength + valueBytes;
        }

        return false;
    }

    /// <summary>
    /// Reads the records in key order, from the first whose key is at least <paramref name="from"/> (all of them when it is
    /// empty). Only once <see cref="Complete"/>; several cursors may read at once.
    /// </summary>
    public RecordCursor Records(ReadOnlySpan<byte> from = default)
    {
        var index = _index ?? throw new InvalidOperationException("The table is not complete yet.");
        var page = from.IsEmpty ? 0 : Math.Max(0, index.PageFor(from));
        var cursor = new RecordCursor(_pageFile, (long)page * PageBytes, (long)index.Pages * PageBytes);
        while (!from.IsEmpty && cursor.MoveNext())
        {
            if (cursor.Key.SequenceCompareTo(from) >= 0)
            {
                cursor.Hold();
                break;
            }
        }

        return cursor;
    }

    public void Dispose()
    {
        _runFile?.Dispose();
        _pageFile?.Dispose();
        ReturnRun();
    }

    private void ReturnRun()
    {
        if (_run is not null)
        {
            ArrayPool<byte>.Shared.Return(_run);
            _run = null;
        }
    }

    private static ReadOnlySpan<byte> Record(ReadOnlySpan<byte> buffer, int offset) => buffer.Slice(offset, RecordLength(buffer[offset..]));

    // From the record's header alone.
    private static int RecordLength(ReadOnlySpan<byte> header) =>
        HeaderBytes + BinaryPrimitives.ReadUInt16BigEndian(header) + BinaryPrimitives.ReadUInt16BigEndian(header[2..]);

    private static ReadOnlySpan<byte> KeyOf(ReadOnlySpan<byte> record) =>
        record.Slice(HeaderBytes, BinaryPrimitives.ReadUInt16BigEndian(record));

    private void SortRun()
    {
        var run = _run!;
        _runRecords.Sort((a, b) => KeyOf(Record(run, a)).SequenceCompareTo(KeyOf(Record(run, b))));
    }

    private void WriteRun()
    {
        if (_runRecords.Count == 0)
        {
            return;
        }

        SortRun();
        _runFile ??= CreateUnlinked();
        var start = _runFileLength;
        var buffer = _runWriteBuffer ??= new byte[IoBufferBytes];
        var used = 0;
        foreach (var offset in _runRecords)
        {
            var record = Record(_run!, offset);
            if (used + record.Length > buffer.Length)
            {
                RandomAccess.Write(_runFile, buffer.AsSpan(0, used), _runFileLength);
                _runFileLength += used;
                used = 0;
            }

            record.CopyTo(buffer.AsSpan(used));
            used += record.Length;
        }

        RandomAccess.Write(_runFile, buffer.AsSpan(0, used), _runFileLength);
        _runFileLength += used;
        _runs.Add((start, _runFileLength - start));
        RunsWritten++;
        _runRecords.Clear();
        _runUsed = 0;
    }

    // A k-way merge; k is the records' bytes over the run size (16 runs of 1 MiB for 200,000 files of 80 bytes), so the
    // smallest head is found by looking at each.
    private void Merge(PageWriter pages)
    {
        var readers = _runs.Select(run => new RunReader(_runFile!, run.Start, run.Length)).Where(r => r.MoveNext()).ToList();
        while (readers.Count > 0)
        {
            var smallest = 0;
            for (var i = 1; i < readers.Count; i++)
            {
                if (KeyOf(readers[i].Current).SequenceCompareTo(KeyOf(readers[smallest].Current)) < 0)
                {
                    smallest = i;
                }
            }

            pages.Append(readers[smallest].Current);
            if (!readers[smallest].MoveNext())
            {
                readers.RemoveAt(smallest);
            }
        }
    }

    private SafeFileHandle CreateUnlinked() => UnlinkedTempFile.Create(_directory);

    /// <summary>Reads one run's records in order through a buffer of its own.</summary>
    private sealed class RunReader(SafeFileHandle file, long start, long length)
    {
        private readonly SequentialRecordFile.Reader _reader = new(file, start, start + length);
        private int _currentLength;

        public ReadOnlySpan<byte> Current => _reader.Peek(_currentLength);

        public bool MoveNext()
        {
            _reader.Skip(_currentLength);
            _currentLength = 0;
            if (!_reader.Has(HeaderBytes))
            {
                return false;
            }

            var length = RecordLength(_reader.Peek(HeaderBytes));
            if (!_reader.Has(length))
            {
                throw new InvalidDataException("A run of the table ends inside a record.");
            }

            _currentLength = length;
            return true;
        }
    }

    /// <summary>Reads the completed table's records in key order, a page at a time through a buffer of its own.</summary>
    public sealed class RecordCursor
    {
        private readonly SafeFileHandle? _file;
        private readonly byte[] _buffer = new byte[IoBufferBytes];
        private long _position;
        private readonly long _end;
        private int _filled;
        private int _offset;
        private int _length;
        private bool _held;

        internal RecordCursor(SafeFileHandle? file, long start, long end)
        {
            _file = file;
            _position = start;
            _end = file is null ? 0 : end;
        }

        /// <summary>The current record's key; valid until the next <see cref="MoveNext"/>.</summary>
        public ReadOnlySpan<byte> Key => KeyOf(_buffer.AsSpan(_offset, _length));

        /// <summary>The current record's value; valid until the next <see cref="MoveNext"/>.</summary>
        public ReadOnlySpan<byte> Value => _buffer.AsSpan(_offset + HeaderBytes + Key.Length, _length - HeaderBytes - Key.Length);

        public bool MoveNext()
        {
            if (_held)
            {
                _held = false;
                return true;
            }

            _offset += _length;
            _length = 0;
            while (true)
            {
                // A page's records end at its end or at a key length of zero; pages are read whole, so a record never
                // straddles the buffer's end.
                var inPage = _offset % PageBytes;
                if (_offset < _filled && inPage + HeaderBytes <= PageBytes && BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_offset)) != 0)
                {
                    _length = RecordLength(_buffer.AsSpan(_offset));
                    return true;
                }

                _offset += inPage == 0 && _offset < _filled ? PageBytes : (PageBytes - inPage) % PageBytes;
                if (_offset >= _filled && !Fill())
                {
                    return false;
                }
            }
        }

        // The record just read is read again by the next MoveNext.
        internal void Hold() => _held = true;

        private bool Fill()
        {
            if (_position >= _end)
            {
                return false;
            }

            var want = (int)Math.Min(_buffer.Length, _end - _position);
            var read = RandomAccess.Read(_file!, _buffer.AsSpan(0, want), _position);
            if (read != want)
            {
                throw new InvalidDataException("The table's pages are shorter than written.");
            }

            _position += read;
            _filled = read;
            _offset = 0;
            return true;
        }
    }

    /// <summary>Lays sorted records into pages, none split across two, and notes each page's first key.</summary>
    private sealed class PageWriter(SafeFileHandle? file)
    {
        private readonly byte[] _buffer = new byte[IoBufferBytes];
        private readonly PageIndex _index = new();
        private int _used;
        private long _flushed;

        public void Append(ReadOnlySpan<byte> record)
        {
            var inPage = _used % PageBytes;
            if (inPage != 0 && inPage + record.Length > PageBytes)
            {
                // The rest of the page stays zero: a key length of zero ends its records.
                _buffer.AsSpan(_used, PageBytes - inPage).Clear();
                _used += PageBytes - inPage;
                inPage = 0;
            }

            if (_used == _buffer.Length)
            {
                Flush();
            }

            if (inPage == 0)
            {
                _index.Add(KeyOf(record));
            }

            record.CopyTo(_buffer.AsSpan(_used));
            _used += record.Length;
        }

        public (SafeFileHandle? File, PageIndex Index) Finish()
        {
            if (_used % PageBytes != 0)
            {
                var rest = PageBytes - (_used % PageBytes);
                _buffer.AsSpan(_used, rest).Clear();
                _used += rest;
            }

            Flush();
            return (file, _index);
        }

        private void Flush()
        {
            if (_used > 0)
            {
                RandomAccess.Write(file!, _buffer.AsSpan(0, _used), _flushed);
                _flushed += _used;
                _used = 0;
            }
        }
    }

    /// <summary>The first key of each page, packed one after another, and where each starts.</summary>
    private sealed class PageIndex
    {
        private byte[] _keys = new byte[256];
        private readonly List<int> _starts = [];
        private int _used;

        public int Pages => _starts.Count;

        public void Add(ReadOnlySpan<byte> key)
        {
            if (_used + key.Length > _keys.Length)
            {
                Array.Resize(ref _keys, Math.Max(_keys.Length * 2, _used + key.Length));
            }

            key.CopyTo(_keys.AsSpan(_used));
            _starts.Add(_used);
            _used += key.Length;
        }

        /// <summary>The last page whose first key is at most <paramref name="key"/>; -1 when the key is before them all.</summary>
        public int PageFor(ReadOnlySpan<byte> key)
        {
            int low = 0, high = _starts.Count - 1, found = -1;
            while (low <= high)
            {
                var middle = low + ((high - low) >> 1);
                if (Key(middle).SequenceCompareTo(key) <= 0)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return found;
        }

        private ReadOnlySpan<byte> Key(int page) =>
            _keys.AsSpan(_starts[page], (page + 1 < _starts.Count ? _starts[page + 1] : _used) - _starts[page]);
    }
}
