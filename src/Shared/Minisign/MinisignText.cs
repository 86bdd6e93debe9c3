using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.Minisign;

/// <summary>Line and base64 rules shared by the minisign public key and signature formats.</summary>
internal static class MinisignText
{
    internal const string UntrustedCommentPrefix = "untrusted comment: ";
    internal const string TrustedCommentPrefix = "trusted comment: ";
    internal const int KeyIdLength = 8;

    /// <summary>Prehashed ("ED") signatures cover the BLAKE2b-512 hash of the message.</summary>
    internal const int Blake2b512Length = 64;

    /// <summary>Signature files are refused above this size (minisign's own trusted comment limit).</summary>
    internal const int MaxSignatureFileBytes = 8192;

    internal const int MaxKeyFileBytes = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Splits text into lines ending in LF (the last LF may be missing); a CR before the LF is
    /// dropped, as minisign does.
    /// </summary>
    internal static string[] SplitLines(string text)
    {
        var body = text.EndsWith('\n') ? text[..^1] : text;
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }

        return lines;
    }

    /// <summary>Decodes canonical base64 of exactly <paramref name="length"/> bytes, or throws naming the line.</summary>
    internal static byte[] DecodeBase64(string line, int length, string what)
    {
        var bytes = new byte[length];
        if (!Convert.TryFromBase64String(line, bytes, out var written) || written != length)
        {
            throw new MinisignFormatException($"{what} is not base64 of {length} bytes.");
        }

        // TryFromBase64String skips whitespace and accepts non-zero padding bits; minisign does not.
        if (!string.Equals(Convert.ToBase64String(bytes), line, StringComparison.Ordinal))
        {
            throw new MinisignFormatException($"{what} is not canonical base64.");
        }

        return bytes;
    }

    internal static string RequirePrefix(string line, string prefix, string what) =>
        line.StartsWith(prefix, StringComparison.Ordinal)
            ? line[prefix.Length..]
            : throw new MinisignFormatException($"{what} does not start with \"{prefix}\".");

    /// <summary>The key id as minisign prints it: the 8 bytes read as a little-endian uint64, in hex.</summary>
    // minisign prints the id with printf("%" PRIX64): uppercase, without leading zeros. Matching it
    // exactly lets an operator compare our output with minisign's by eye.
    internal static string KeyIdHex(ReadOnlySpan<byte> keyId) =>
        BinaryPrimitives.ReadUInt64LittleEndian(keyId).ToString("X", CultureInfo.InvariantCulture);

    /// <summary>Reads a small UTF-8 text file, refusing it unread when it is larger than <paramref name="maxBytes"/>.</summary>
    internal static string ReadSmallTextFile(string path, int maxBytes, string what)
    {
        var buffer = new byte[maxBytes + 1];
        var length = ReadSmallFile(path, buffer);
        if (length > maxBytes)
        {
            throw new MinisignFormatException($"{what} {path} is larger than {maxBytes} bytes.");
        }

        try
        {
            return StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException e)
        {
            throw new MinisignFormatException($"{what} {path} is not valid UTF-8.", e);
        }
    }

    /// <summary>Reads up to buffer.Length bytes of a file and returns how many were read.</summary>
    internal static int ReadSmallFile(string path, Span<byte> buffer)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            // No internal buffer: secret key bytes must only land in the caller's pinned buffer.
            BufferSize = 0,
        });
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Rejects comments that minisign would truncate or that would break the line layout.</summary>
    internal static void ValidateComment(string comment, int maxBytes, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(comment, parameterName);
        if (comment.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException("A minisign comment may not contain CR, LF or NUL.", parameterName);
        }

        if (Encoding.UTF8.GetByteCount(comment) > maxBytes)
        {
            throw new ArgumentException($"A minisign comment here may be at most {maxBytes} UTF-8 bytes.", parameterName);
        }
    }
}
