using System.Buffers.Binary;
using System.Text;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The SHA-256 of each file copied out of a volume, by its path in the volume, in memory that does not grow with the files: each
/// entry is its directory's number, its file name (32 bytes when the name is a hash in hex, as a blob's is, UTF-8 otherwise) and
/// the hash, kept in a <see cref="SortedRecordSpill"/> beside the copy and looked up there. Filled by one writer; once complete
/// it is read-only and safe to read from several threads.
/// </summary>
public sealed class CopiedFileHashes : IDisposable
{
    // A name's header: its length in bytes, or HexName for a name of 64 lowercase hex digits held as the 32 bytes they spell.
    private const ushort HexName = ushort.MaxValue;
    private const int DirectoryBytes = sizeof(int);
    private const int HeaderBytes = sizeof(ushort);

    private readonly SortedRecordSpill _entries;
    private readonly Dictionary<string, int> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _directoryLookup;
    private bool _complete;

    /// <param name="spillDirectory">Where the table's temporary files are made (unlinked at once): beside the copy.</param>
    public CopiedFileHashes(string spillDirectory)
    {
        _entries = new SortedRecordSpill(spillDirectory);
        _directoryLookup = _directories.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many files are listed.</summary>
    public int Count => _entries.Count;

    /// <summary>Lists the hash of the file at this path (relative to the volume, '/' between names); before <see cref="Complete"/> only.</summary>
    public void Add(string path, ReadOnlySpan<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_complete)
        {
            throw new InvalidOperationException("The table is complete: nothing can be added.");
        }

        if (sha256.Length != Sha256Value.HashBytes)
        {
            throw new ArgumentException($"A SHA-256 is {Sha256Value.HashBytes} bytes, not {sha256.Length}.", nameof(sha256));
        }

        var start = NameStart(path);
        var name = path.AsSpan(start);
        if (!_directoryLookup.TryGetValue(path.AsSpan(0, start), out var number))
        {
            number = _directories.Count;
            _directories.Add(path[..start], number);
        }

        Span<byte> buffer = stackalloc byte[SortedRecordSpill.MaxKeyBytes];
        _entries.Add(EncodeKey(number, name, buffer), sha256);
    }

    /// <summary>Sorts the entries: from now on the table can be read, and no longer added to.</summary>
    public CopiedFileHashes Complete()
    {
        _entries.Complete();
        _complete = true;
        return this;
    }

    /// <summary>
    /// Copies the hash listed for the file at this path into <paramref name="sha256"/> (32 bytes); false when none is listed.
    /// Only once <see cref="Complete"/>.
    /// </summary>
    public bool TryFind(string path, Span<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_complete)
        {
            throw new InvalidOperationException("The table is not complete yet.");
        }

        var start = NameStart(path);
        if (!_directoryLookup.TryGetValue(path.AsSpan(0, start), out var number))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[SortedRecordSpill.MaxKeyBytes];
        return _entries.TryFind(EncodeKey(number, path.AsSpan(start), buffer), sha256, out var length)
            && length == Sha256Value.HashBytes;
    }

    public void Dispose() => _entries.Dispose();

    // The directory's number (big-endian, so that keys sort by it first), the name's header and the name, in the buffer.
    private static ReadOnlySpan<byte> EncodeKey(int directory, ReadOnlySpan<char> name, Span<byte> buffer)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer, directory);
        var nameBytes = buffer[(DirectoryBytes + HeaderBytes)..];
        int length;
        if (Sha256Value.TryParseHex(name, out var hex))
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[DirectoryBytes..], HexName);
            hex.TryWriteHash(nameBytes);
            length = Sha256Value.HashBytes;
        }
        else if (Encoding.UTF8.TryGetBytes(name, nameBytes, out length))
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[DirectoryBytes..], (ushort)length);
        }
        else
        {
            throw new ArgumentException($"A file name of {Encoding.UTF8.GetByteCount(name)} bytes is too long to list.", nameof(name));
        }

        return buffer[..(DirectoryBytes + HeaderBytes + length)];
    }

    // Where the file name starts: the directory before it keeps its trailing slash, so that "x" and "/x" stay apart.
    private static int NameStart(string path) => path.LastIndexOf('/') + 1;
}
