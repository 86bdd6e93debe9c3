using System.Buffers.Binary;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A manifest's files sorted by volume and path, on disk (<see cref="SortedRecordSpill"/>): found by volume and path, read
/// in path order one volume at a time, and checked for a file listed twice, in memory that does not grow with the files
/// (issue 18). Only files whose path is safe (<see cref="BatchPathRules"/>, so ASCII) and whose sha256 is a hash are
/// indexed. Each keeps its position in the manifest's list.
/// </summary>
internal sealed class ManifestFileIndex : IDisposable
{
    // Key: the volume (32 bits, big-endian, so volumes order as numbers), then the path's ASCII bytes. Value: the position
    // (32 bits, big-endian, first, as RepeatedKeys reads it), the size (64 bits) and the hash.
    private const int VolumeBytes = 4;
    private const int ValueBytes = 4 + 8 + Sha256Value.HashBytes;

    private readonly SortedRecordSpill _records;

    public ManifestFileIndex(string workDirectory) => _records = new SortedRecordSpill(workDirectory);

    /// <summary>A manifest's files on one volume, indexed by path.</summary>
    public static ManifestFileIndex OfVolume(IEnumerable<ManifestFile> files, int volume, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(files);
        var index = new ManifestFileIndex(workDirectory);
        var position = 0;
        foreach (var file in files)
        {
            if (file.Volume == volume)
            {
                index.Add(position, file);
            }

            position++;
        }

        return index.Complete();
    }

    /// <summary>Indexes the file at this position of the list; its path must be safe and its sha256 a hash.</summary>
    public void Add(int position, ManifestFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> key = stackalloc byte[VolumeBytes + BatchPathRules.MaxPathLength];
        Span<char> path = stackalloc char[HashNames.MaxLength];
        if (!TryKey(file.Volume, file.PathText(path), key, out var keyLength))
        {
            throw new ArgumentException($"'{file.Path}' is not a safe path and cannot be indexed.", nameof(file));
        }

        Span<byte> value = stackalloc byte[ValueBytes];
        BinaryPrimitives.WriteInt32BigEndian(value, position);
        BinaryPrimitives.WriteInt64BigEndian(value[4..], file.Size);
        if (!file.Sha256.TryWriteHash(value[12..]))
        {
            throw new ArgumentException($"'{file.Path}' has no sha256 hash and cannot be indexed.", nameof(file));
        }

        _records.Add(key[..keyLength], value);
    }

    public ManifestFileIndex Complete()
    {
        _records.Complete();
        return this;
    }

    /// <summary>The file listed at this volume and path; false when none is.</summary>
    public bool TryFind(int volume, ReadOnlySpan<char> path, out IndexedFile file)
    {
        file = default;
        Span<byte> key = stackalloc byte[VolumeBytes + BatchPathRules.MaxPathLength];
        Span<byte> value = stackalloc byte[ValueBytes];
        if (!TryKey(volume, path, key, out var keyLength) || !_records.TryFind(key[..keyLength], value, out _))
        {
            return false;
        }

        file = Entry(value);
        return true;
    }

    /// <summary>
    /// The first position, in list order, whose volume and path an earlier position already has, with that volume and path;
    /// null when no file is listed twice.
    /// </summary>
    public (int Position, int Volume, string Path)? FirstRepeat() =>
        RepeatedKeys.First(_records) is { } repeat ? (repeat.Position, Volume(repeat.Key), Path(repeat.Key)) : null;

    /// <summary>The files of one volume in path order (ordinal), each made anew with its position.</summary>
    public IEnumerable<(ManifestFile File, int Position)> OnVolume(int volume)
    {
        var from = new byte[VolumeBytes];
        BinaryPrimitives.WriteInt32BigEndian(from, volume);
        var cursor = _records.Records(from);
        while (cursor.MoveNext() && cursor.Key.StartsWith(from))
        {
            var entry = Entry(cursor.Value);
            var path = Path(cursor.Key);
            yield return (new ManifestFile { Volume = volume, Path = path, Size = entry.Size, Sha256 = entry.Sha256 }, entry.Position);
        }
    }

    public void Dispose() => _records.Dispose();

    private static bool TryKey(int volume, ReadOnlySpan<char> path, Span<byte> key, out int length)
    {
        length = 0;
        if (path.IsEmpty || path.Length > BatchPathRules.MaxPathLength)
        {
            return false;
        }

        BinaryPrimitives.WriteInt32BigEndian(key, volume);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] is '\0' or > '\x7f')
            {
                return false;
            }

            key[VolumeBytes + i] = (byte)path[i];
        }

        length = VolumeBytes + path.Length;
        return true;
    }

    private static int Volume(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadInt32BigEndian(key);

    private static string Path(ReadOnlySpan<byte> key) => System.Text.Encoding.ASCII.GetString(key[VolumeBytes..]);

    private static IndexedFile Entry(ReadOnlySpan<byte> value) => new(
        BinaryPrimitives.ReadInt32BigEndian(value),
        BinaryPrimitives.ReadInt64BigEndian(value[4..]),
        Sha256Value.FromHash(value.Slice(12, Sha256Value.HashBytes)));
}

/// <summary>A file found in a <see cref="ManifestFileIndex"/>: its position in the manifest's list, size and hash.</summary>
internal readonly record struct IndexedFile(int Position, long Size, Sha256Value Sha256);
