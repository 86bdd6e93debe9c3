using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The names that files and the directories above them occupy on each volume, and the first two that are equal once case
/// and Unicode normalisation are ignored (they would overwrite each other on FAT32, exFAT or NTFS). Claims are records on
/// disk (<see cref="SortedRecordSpill"/>) sorted by volume, name without case and the order claimed, so memory does not grow
/// with the files (issue 18), only with their distinct directories. Each directory is claimed once, at its first file.
/// </summary>
internal sealed class ManifestNameClaims(string workDirectory) : IDisposable
{
    // Key: the volume (32 bits, big-endian), the name in upper case, a zero byte (names have none, so a name sorts before
    // every longer name it begins), then the claim's sequence number (32 bits, big-endian). Value: the file's position (32
    // bits), whether the name is the file's own (1) or a directory's (0), then the name as claimed.
    private const int VolumeBytes = 4, SequenceBytes = 4;
    private const int MaxKeyBytes = VolumeBytes + BatchPathRules.MaxPathLength + 1 + SequenceBytes;
    private const int MaxValueBytes = 5 + BatchPathRules.MaxPathLength;

    private readonly SortedRecordSpill _claims = new(workDirectory);
    private readonly Dictionary<int, HashSet<string>> _directories = [];
    private int _sequence;

    /// <summary>Claims the names of the file at this position and of its directories not claimed before; its path must be safe.</summary>
    public void Add(int position, ManifestFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = file.Path;
        var form = BatchPathRules.CollisionForm(path);
        var slash = path.LastIndexOf('/');
        if (slash > 0 && Directories(file.Volume).GetAlternateLookup<ReadOnlySpan<char>>().Add(path.AsSpan(0, slash)))
        {
            for (var end = form.IndexOf('/', StringComparison.Ordinal); end >= 0; end = form.IndexOf('/', end + 1))
            {
                Claim(file.Volume, form.AsSpan(0, end), position, isFile: false);
            }
        }

        Claim(file.Volume, form, position, isFile: true);
    }

    /// <summary>
    /// The first claim, in the order claimed, that collides with the first claimant of its name: the file it belongs to and
    /// the problem; null if no two names collide.
    /// </summary>
    public (int File, string Message)? FindFirstCollision()
    {
        var cursor = _claims.Complete().Records();
        var group = new byte[MaxKeyBytes];
        var groupLength = -1;
        var existing = new byte[MaxValueBytes];
        var existingLength = 0;
        (int Sequence, int File, int Volume, string Name, string Existing)? first = null;
        while (cursor.MoveNext())
        {
            var key = cursor.Key;
            var name = key[..^SequenceBytes];
            var value = cursor.Value;
            if (!name.SequenceEqual(group.AsSpan(0, Math.Max(0, groupLength))) || groupLength < 0)
            {
                name.CopyTo(group);
                groupLength = name.Length;
                value.CopyTo(existing);
                existingLength = value.Length;
                continue;
            }

            // The same directory reached again through another file is fine; anything else collides.
            var sequence = BinaryPrimitives.ReadInt32BigEndian(key[^SequenceBytes..]);
            var held = existing.AsSpan(0, existingLength);
            var sameDirectory = value[4] == 0 && held[4] == 0 && value[5..].SequenceEqual(held[5..]);
            if (!sameDirectory && (first is null || sequence < first.Value.Sequence))
            {
                first = (sequence, BinaryPrimitives.ReadInt32BigEndian(value), BinaryPrimitives.ReadInt32BigEndian(key),
                    Encoding.ASCII.GetString(value[5..]), Encoding.ASCII.GetString(held[5..]));
            }
        }

        return first is { } found
            ? (found.File, $"'{found.Name}' collides with '{found.Existing}' on volume {found.Volume} when case is ignored")
            : null;
    }

    public void Dispose() => _claims.Dispose();

    private void Claim(int volume, ReadOnlySpan<char> name, int position, bool isFile)
    {
        if (name.IsEmpty || name.Length > BatchPathRules.MaxPathLength)
        {
            throw new ArgumentException($"'{name}' is not a name a safe path claims.", nameof(name));
        }

        Span<byte> key = stackalloc byte[MaxKeyBytes];
        Span<byte> value = stackalloc byte[MaxValueBytes];
        BinaryPrimitives.WriteInt32BigEndian(key, volume);
        BinaryPrimitives.WriteInt32BigEndian(value, position);
        value[4] = isFile ? (byte)1 : (byte)0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '\0' or > '\x7f')
            {
                throw new ArgumentException($"'{name}' is not a name a safe path claims.", nameof(name));
            }

            // OrdinalIgnoreCase over ASCII is equality of the upper-case letters.
            key[VolumeBytes + i] = (byte)char.ToUpperInvariant(c);
            value[5 + i] = (byte)c;
        }

        key[VolumeBytes + name.Length] = 0;
        var keyLength = VolumeBytes + name.Length + 1 + SequenceBytes;
        BinaryPrimitives.WriteInt32BigEndian(key[(keyLength - SequenceBytes)..], _sequence++);
        _claims.Add(key[..keyLength], value[..(5 + name.Length)]);
    }

    private HashSet<string> Directories(int volume)
    {
        ref var set = ref CollectionsMarshal.GetValueRefOrAddDefault(_directories, volume, out _);
        return set ??= new HashSet<string>(StringComparer.Ordinal);
    }
}
