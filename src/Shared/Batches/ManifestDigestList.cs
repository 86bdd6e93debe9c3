using System.Collections;
using TransferPipeline.Shared.FileSystem;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// An artifact's blob digests as read from a manifest: each sha256:&lt;64 lowercase hex&gt; held as its 32-byte hash and
/// spelled when read, any other text held as given (issue 18: an image of a thousand layers lists a thousand digests). A
/// parsed manifest keeps the hashes on disk, 32 bytes each in one file for all its artifacts, so a manifest of 200,000
/// files in artifacts of a hundred holds none of them in memory; a list made in memory holds them in an array.
/// </summary>
public sealed class ManifestDigestList : IReadOnlyList<string>
{
    private const int HashBytes = Sha256Value.HashBytes;

    // In memory: the hashes by position. On disk: none, and the hashes are at _start in _file instead.
    private readonly Sha256Value[]? _hashes;
    private readonly SequentialRecordFile? _file;
    private readonly long _start;
    private readonly int _count;
    // The entries that are not a digest of that form, by position; null when there are none. On disk their slots are zeros.
    private readonly Dictionary<int, string>? _texts;

    public ManifestDigestList(IReadOnlyList<string> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        _hashes = new Sha256Value[digests.Count];
        _count = digests.Count;
        for (var i = 0; i < digests.Count; i++)
        {
            if (!HashNames.TryParse(digests[i], HashNames.DigestPrefix, out _hashes[i]))
            {
                (_texts ??= [])[i] = digests[i];
            }
        }
    }

    /// <summary>
    /// A list whose hashes were written to <paramref name="file"/> from <paramref name="start"/> on, 32 bytes each (zeros
    /// where <paramref name="texts"/> holds the entry); readable once the file is complete.
    /// </summary>
    internal ManifestDigestList(SequentialRecordFile file, long start, int count, Dictionary<int, string>? texts)
    {
        _file = file;
        _start = start;
        _count = count;
        _texts = texts;
    }

    public int Count => _count;

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            if (_hashes is not null)
            {
                return Spell(index, _hashes[index]);
            }

            Span<byte> hash = stackalloc byte[HashBytes];
            _file!.ReadAt(_start + ((long)index * HashBytes), hash);
            return Spell(index, Sha256Value.FromHash(hash));
        }
    }

    public IEnumerator<string> GetEnumerator() => _hashes is not null ? InMemory() : OnDisk();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<string> InMemory()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    // Reads the hashes in blocks of up to 128 (4 KiB), not one read each.
    private IEnumerator<string> OnDisk()
    {
        var block = new byte[Math.Min(_count, 128) * HashBytes];
        for (var first = 0; first < _count; first += 128)
        {
            var inBlock = Math.Min(128, _count - first);
            _file!.ReadAt(_start + ((long)first * HashBytes), block.AsSpan(0, inBlock * HashBytes));
            for (var i = 0; i < inBlock; i++)
            {
                yield return Spell(first + i, Sha256Value.FromHash(block.AsSpan(i * HashBytes, HashBytes)));
            }
        }
    }

    // The entry held as text, or else the digest of its hash.
    private string Spell(int index, Sha256Value hash) =>
        _texts is not null && _texts.TryGetValue(index, out var text) ? text : HashNames.Format(HashNames.DigestPrefix, hash);
}
