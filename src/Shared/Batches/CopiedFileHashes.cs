using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The SHA-256 of each file copied out of a volume, by its path in the volume, at about 80 bytes a file where a dictionary
/// of path strings to hash arrays costs some 300: each entry is its directory's number, its file name (32 bytes when the
/// name is a hash in hex, as a blob's is, UTF-8 otherwise) and the hash, packed into 64 KiB blocks, and the entries are
/// looked up by binary search in an index sorted once by <see cref="Complete"/>. Filled by one writer; once complete it is
/// read-only and safe to read from several threads.
/// </summary>
public sealed class CopiedFileHashes
{
    private const int BlockBytes = 64 * 1024;
    // A name's header: its length in bytes, or HexName for a name of 64 lowercase hex digits held as the 32 bytes they spell.
    private const ushort HexName = ushort.MaxValue;
    private const int DirectoryBytes = sizeof(int);
    private const int HeaderBytes = sizeof(ushort);
    // A key (directory number and encoded name) of at most this many bytes is encoded on the stack when looked up.
    private const int StackKeyBytes = 512;

    private readonly List<byte[]> _blocks = [];
    private readonly Dictionary<string, int> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _directoryLookup;
    // Where each entry starts: its block in the high half, its offset in the block in the low half.
    private readonly List<long> _entries = [];
    private int _used;
    private long[]? _sorted;

    public CopiedFileHashes() => _directoryLookup = _directories.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many files are listed.</summary>
    public int Count => _entries.Count;

    /// <summary>Lists the hash of the file at this path (relative to the volume, '/' between names); before <see cref="Complete"/> only.</summary>
    public void Add(string path, ReadOnlySpan<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_sorted is not null)
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

        var keyBytes = KeyLength(name);
        var entry = Reserve(keyBytes + Sha256Value.HashBytes);
        WriteKey(number, name, entry);
        sha256.CopyTo(entry[keyBytes..]);
    }

    /// <summary>Sorts the index: from now on the table can be read, and no longer added to.</summary>
    public CopiedFileHashes Complete()
    {
        if (_sorted is null)
        {
            var sorted = _entries.ToArray();
            Array.Sort(sorted, (a, b) => Key(a).SequenceCompareTo(Key(b)));
            _sorted = sorted;
        }

        return this;
    }

    /// <summary>The hash listed for the file at this path; empty when none is. Only once <see cref="Complete"/>.</summary>
    public ReadOnlySpan<byte> Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sorted = _sorted ?? throw new InvalidOperationException("The table is not complete yet.");
        var start = NameStart(path);
        var name = path.AsSpan(start);
        if (!_directoryLookup.TryGetValue(path.AsSpan(0, start), out var number))
        {
            return [];
        }

        var length = KeyLength(name);
        var rented = length > StackKeyBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var key = (rented is null ? stackalloc byte[StackKeyBytes] : rented.AsSpan())[..length];
            WriteKey(number, name, key);
            int low = 0, high = sorted.Length - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) >> 1);
                var compared = Key(sorted[middle]).SequenceCompareTo(key);
                if (compared == 0)
                {
                    return Hash(sorted[middle]);
                }

                (low, high) = compared < 0 ? (middle + 1, high) : (low, middle - 1);
            }

            return [];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Where the file name starts: the directory before it keeps its trailing slash, so that "x" and "/x" stay apart.
    private static int NameStart(string path) => path.LastIndexOf('/') + 1;

    private static int KeyLength(ReadOnlySpan<char> name) =>
        DirectoryBytes + HeaderBytes + (Sha256Value.TryParseHex(name, out _) ? Sha256Value.HashBytes : Encoding.UTF8.GetByteCount(name));

    // The directory's number (big-endian, so that keys sort by it first), the name's header and the name.
    private static void WriteKey(int directory, ReadOnlySpan<char> name, Span<byte> key)
    {
        BinaryPrimitives.WriteInt32BigEndian(key, directory);
        var nameBytes = key[(DirectoryBytes + HeaderBytes)..];
        if (Sha256Value.TryParseHex(name, out var hex))
        {
            BinaryPrimitives.WriteUInt16BigEndian(key[DirectoryBytes..], HexName);
            hex.TryWriteHash(nameBytes);
            return;
        }

        var written = Encoding.UTF8.GetBytes(name, nameBytes);
        if (written >= HexName)
        {
            throw new ArgumentException($"A file name of {written} bytes is too long to list.", nameof(name));
        }

        BinaryPrimitives.WriteUInt16BigEndian(key[DirectoryBytes..], (ushort)written);
    }

    private Span<byte> Reserve(int length)
    {
        if (_blocks.Count == 0 || _used + length > _blocks[^1].Length)
        {
            _blocks.Add(new byte[Math.Max(BlockBytes, length)]);
            _used = 0;
        }

        _entries.Add(((long)(_blocks.Count - 1) << 32) | (uint)_used);
        var entry = _blocks[^1].AsSpan(_used, length);
        _used += length;
        return entry;
    }

    private ReadOnlySpan<byte> Key(long entry)
    {
        var bytes = Entry(entry);
        var header = BinaryPrimitives.ReadUInt16BigEndian(bytes[DirectoryBytes..]);
        return bytes[..(DirectoryBytes + HeaderBytes + (header == HexName ? Sha256Value.HashBytes : header))];
    }

    private ReadOnlySpan<byte> Hash(long entry) => Entry(entry).Slice(Key(entry).Length, Sha256Value.HashBytes);

    private ReadOnlySpan<byte> Entry(long entry) => _blocks[(int)(entry >> 32)].AsSpan((int)(uint)entry);
}
