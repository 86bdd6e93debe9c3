using System.Runtime.InteropServices;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The names that files and the directories above them occupy on each volume, and the first two that are equal once case
/// and Unicode normalisation are ignored (they would overwrite each other on FAT32, exFAT or NTFS). A claim is a 16-byte
/// record (which file, how much of its path, in which order) sorted once, not a dictionary of strings, so a manifest of
/// 200,000 files costs a few MiB here. Each directory is claimed once, at its first file.
/// </summary>
internal sealed class ManifestNameClaims(IReadOnlyList<ManifestFile> files)
{
    private readonly List<Claim> _claims = new(files.Count + 16);
    private readonly Dictionary<int, HashSet<string>> _directories = [];
    // Collision forms that differ from the path; BatchPathRules admits only ASCII paths, whose form is the path itself.
    private readonly Dictionary<int, string> _forms = [];

    /// <summary>Claims the names of the file at this position and of its directories not claimed before.</summary>
    public void Add(int file)
    {
        var entry = files[file];
        var form = BatchPathRules.CollisionForm(entry.Path);
        if (!string.Equals(form, entry.Path, StringComparison.Ordinal))
        {
            _forms[file] = form;
        }

        var slash = entry.Path.LastIndexOf('/');
        if (slash > 0 && Directories(entry.Volume).GetAlternateLookup<ReadOnlySpan<char>>().Add(entry.Path.AsSpan(0, slash)))
        {
            for (var end = form.IndexOf('/', StringComparison.Ordinal); end >= 0; end = form.IndexOf('/', end + 1))
            {
                _claims.Add(new Claim(file, end, _claims.Count, IsFile: false));
            }
        }

        _claims.Add(new Claim(file, form.Length, _claims.Count, IsFile: true));
    }

    /// <summary>
    /// The first claim, in the order claimed, that collides with the first claimant of its name: the file it belongs to and
    /// the problem; null if no two names collide.
    /// </summary>
    public (int File, string Message)? FindFirstCollision()
    {
        var claims = CollectionsMarshal.AsSpan(_claims);
        claims.Sort((a, b) => Compare(a, b) is var c and not 0 ? c : a.Sequence.CompareTo(b.Sequence));
        (Claim Claim, Claim Existing)? first = null;
        Span<char> claimBuffer = stackalloc char[HashNames.MaxLength];
        Span<char> existingBuffer = stackalloc char[HashNames.MaxLength];
        var existing = default(Claim);
        for (var i = 0; i < claims.Length; i++)
        {
            var claim = claims[i];
            if (i == 0 || Compare(claims[i - 1], claim) != 0)
            {
                existing = claim;
                continue;
            }

            // The same directory reached again through another file is fine; anything else collides.
            var sameDirectory = !claim.IsFile && !existing.IsFile && Name(claim, claimBuffer).SequenceEqual(Name(existing, existingBuffer));
            if (!sameDirectory && (first is null || claim.Sequence < first.Value.Claim.Sequence))
            {
                first = (claim, existing);
            }
        }

        if (first is not { } found)
        {
            return null;
        }

        var volume = files[found.Claim.File].Volume;
        Span<char> buffer = stackalloc char[HashNames.MaxLength];
        var name = Name(found.Claim, buffer).ToString();
        return (found.Claim.File, $"'{name}' collides with '{Name(found.Existing, buffer)}' on volume {volume} when case is ignored");
    }

    private HashSet<string> Directories(int volume)
    {
        ref var set = ref CollectionsMarshal.GetValueRefOrAddDefault(_directories, volume, out _);
        return set ??= new HashSet<string>(StringComparer.Ordinal);
    }

    private int Compare(Claim a, Claim b)
    {
        var left = files[a.File];
        var right = files[b.File];
        if (left.Volume.CompareTo(right.Volume) is var c and not 0)
        {
            return c;
        }

        // Two whole blob paths (blobs/sha256/<lowercase hex>) order as their hashes do, case ignored or not: most claims of
        // a large batch are these, and spelling them for every comparison was most of the sort's time.
        if (a.IsFile && b.IsFile && left.PathIsOwnBlobPath && right.PathIsOwnBlobPath)
        {
            return left.Sha256.CompareTo(right.Sha256);
        }

        return CompareNames(a, b);
    }

    private int CompareNames(Claim a, Claim b)
    {
        Span<char> left = stackalloc char[HashNames.MaxLength];
        Span<char> right = stackalloc char[HashNames.MaxLength];
        return Name(a, left).CompareTo(Name(b, right), StringComparison.OrdinalIgnoreCase);
    }

    // The claimed name; a path held as a hash is spelled into the buffer (HashNames.MaxLength characters).
    private ReadOnlySpan<char> Name(Claim claim, Span<char> buffer) =>
        (_forms.TryGetValue(claim.File, out var form) ? form.AsSpan() : files[claim.File].PathText(buffer))[..claim.Length];

    private readonly record struct Claim(int File, int Length, int Sequence, bool IsFile);
}
