using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Texts that are a fixed prefix followed by a SHA-256 in 64 lowercase hex digits: a blob's digest (<c>sha256:</c>) and
/// the path of its file (<c>blobs/sha256/</c>). A manifest holds such texts as the 32 bytes of the hash and spells them
/// when they are read, so a batch of many small files does not hold two strings of some 170 bytes a file (issue 18).
/// </summary>
public static class HashNames
{
    public const string DigestPrefix = "sha256:";
    public const string BlobPathPrefix = "blobs/sha256/";

    /// <summary>The longest text these prefixes make: the blob path.</summary>
    public const int MaxLength = 13 + Sha256Value.HexLength;

    /// <summary>The hash when the text is exactly the prefix and 64 lowercase hex digits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, string prefix, out Sha256Value hash)
    {
        hash = default;
        return text.StartsWith(prefix, StringComparison.Ordinal) && Sha256Value.TryParseHex(text[prefix.Length..], out hash);
    }

    /// <summary>The hash when the UTF-8 text is exactly the prefix and 64 lowercase hex digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, string prefix, out Sha256Value hash)
    {
        hash = default;
        if (utf8.Length != prefix.Length + Sha256Value.HexLength)
        {
            return false;
        }

        // The prefixes are ASCII, so each character is one byte of the same value.
        for (var i = 0; i < prefix.Length; i++)
        {
            if (utf8[i] != prefix[i])
            {
                return false;
            }
        }

        return Sha256Value.TryParseHex(utf8[prefix.Length..], out hash);
    }

    /// <summary>The prefix and the hash's hex digits as a new string.</summary>
    public static string Format(string prefix, Sha256Value hash) =>
        string.Create(prefix.Length + Sha256Value.HexLength, (prefix, hash), static (chars, state) => Write(state.prefix, state.hash, chars));

    /// <summary>The prefix and the hash's hex digits, spelled into the buffer (at least <see cref="MaxLength"/> characters).</summary>
    public static ReadOnlySpan<char> Spell(string prefix, Sha256Value hash, Span<char> buffer)
    {
        var length = Write(prefix, hash, buffer);
        return buffer[..length];
    }

    /// <summary>A text held either as itself or, when <paramref name="text"/> is null, as the prefix and this hash.</summary>
    public static ReadOnlySpan<char> Text(string prefix, string? text, Sha256Value hash, Span<char> buffer) =>
        text is null ? Spell(prefix, hash, buffer) : text.AsSpan();

    private static int Write(string prefix, Sha256Value hash, Span<char> destination)
    {
        prefix.CopyTo(destination);
        if (!hash.TryFormat(destination[prefix.Length..], out var written) || written != Sha256Value.HexLength)
        {
            throw new InvalidOperationException("Only a hash of 64 hex digits is spelled after a prefix.");
        }

        return prefix.Length + written;
    }
}
