using System.Buffers.Binary;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// A manifest's blobs by digest, on disk (<see cref="SortedRecordSpill"/>): found by their hash and checked for a blob
/// listed twice, in memory that does not grow with the blobs (issue 18). Only blobs whose digest is sha256:&lt;64 lowercase
/// hex&gt; are indexed; each keeps its position in the manifest's list and what the checks after it ask of it.
/// </summary>
internal sealed class ManifestBlobIndex : IDisposable
{
    // Key: the hash's 32 bytes. Value: the position (32 bits, big-endian, first, as RepeatedKeys reads it), the size (64 bits),
    // flags, and the volume (32 bits; 0 when there is none).
    private const byte Shipped = 1, Chunked = 2, HasVolume = 4;
    private const int ValueBytes = 4 + 8 + 1 + 4;

    private readonly SortedRecordSpill _records;

    public ManifestBlobIndex(string workDirectory) => _records = new SortedRecordSpill(workDirectory);

    /// <summary>Every blob of a manifest whose digest is a hash.</summary>
    public static ManifestBlobIndex Of(IEnumerable<ManifestBlob> blobs, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var index = new ManifestBlobIndex(workDirectory);
        var position = 0;
        foreach (var blob in blobs)
        {
            if (blob.DigestIsHash)
            {
                index.Add(position, blob);
            }

            position++;
        }

        return index.Complete();
    }

    /// <summary>Indexes the blob at this position of the list; its digest must be a hash.</summary>
    public void Add(int position, ManifestBlob blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!blob.DigestIsHash)
        {
            throw new ArgumentException($"blob {blob.Digest} has no sha256 hash and cannot be indexed.", nameof(blob));
        }

        Span<byte> key = stackalloc byte[Sha256Value.HashBytes];
        blob.Hash.TryWriteHash(key);
        Span<byte> value = stackalloc byte[ValueBytes];
        BinaryPrimitives.WriteInt32BigEndian(value, position);
        BinaryPrimitives.WriteInt64BigEndian(value[4..], blob.Size);
        value[12] = (byte)((blob.Shipped ? Shipped : 0) | (blob.Chunks is null ? 0 : Chunked) | (blob.Volume is null ? 0 : HasVolume));
        BinaryPrimitives.WriteInt32BigEndian(value[13..], blob.Volume ?? 0);
        _records.Add(key, value);
    }

    public ManifestBlobIndex Complete()
    {
        _records.Complete();
        return this;
    }

    /// <summary>The blob whose digest is this text, if it is sha256:&lt;64 lowercase hex&gt; and listed.</summary>
    public bool TryFind(string digest, out IndexedBlob blob)
    {
        blob = default;
        return HashNames.TryParse(digest, HashNames.DigestPrefix, out var hash) && TryFind(hash, out blob);
    }

    public bool TryFind(Sha256Value hash, out IndexedBlob blob)
    {
        blob = default;
        Span<byte> key = stackalloc byte[Sha256Value.HashBytes];
        Span<byte> value = stackalloc byte[ValueBytes];
        if (!hash.TryWriteHash(key) || !_records.TryFind(key, value, out _))
        {
            return false;
        }

        var flags = value[12];
        blob = new IndexedBlob(
            BinaryPrimitives.ReadInt32BigEndian(value),
            BinaryPrimitives.ReadInt64BigEndian(value[4..]),
            (flags & Shipped) != 0,
            (flags & Chunked) != 0,
            (flags & HasVolume) != 0 ? BinaryPrimitives.ReadInt32BigEndian(value[13..]) : null);
        return true;
    }

    /// <summary>The first position, in list order, whose digest an earlier position already has, with that digest; null if none.</summary>
    public (int Position, string Digest)? FirstRepeat() =>
        RepeatedKeys.First(_records) is { } repeat
            ? (repeat.Position, HashNames.Format(HashNames.DigestPrefix, Sha256Value.FromHash(repeat.Key)))
            : null;

    public void Dispose() => _records.Dispose();
}

/// <summary>A blob found in a <see cref="ManifestBlobIndex"/>.</summary>
internal readonly record struct IndexedBlob(int Position, long Size, bool Shipped, bool Chunked, int? Volume);
