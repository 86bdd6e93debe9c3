using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Hashing;

/// <summary>
/// A SHA-256 as a manifest states it: 64 lowercase hex digits held as the 32 bytes they spell (40 bytes inline instead of a
/// 152-byte string), or any other text kept as it was given, so that a malformed value still reaches the rules that refuse
/// it and prints as it was written. Two values are equal when their texts are.
/// </summary>
[JsonConverter(typeof(Sha256ValueJsonConverter))]
public readonly struct Sha256Value : IEquatable<Sha256Value>, IComparable<Sha256Value>, ISpanFormattable
{
    /// <summary>Length of the hash in bytes.</summary>
    public const int HashBytes = 32;

    /// <summary>Length of the hash as hex digits.</summary>
    public const int HexLength = 64;

    // The hash as four big-endian words (so comparing them in order is comparing the hex text); all zero when _text is set.
    private readonly ulong _w0, _w1, _w2, _w3;
    private readonly string? _text;

    private Sha256Value(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        _w0 = w0;
        _w1 = w1;
        _w2 = w2;
        _w3 = w3;
    }

    private Sha256Value(string text) => _text = text;

    /// <summary>True when the value is exactly 64 lowercase hex digits (see <see cref="Sha256Digest.IsHex"/>).</summary>
    public bool IsHex => _text is null;

    /// <summary>The value of a 32-byte hash.</summary>
    public static Sha256Value FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != HashBytes)
        {
            throw new ArgumentException($"A SHA-256 is {HashBytes} bytes, not {hash.Length}.", nameof(hash));
        }

        return new Sha256Value(
            BinaryPrimitives.ReadUInt64BigEndian(hash),
            BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));
    }

    /// <summary>The value of this text: compact when it is 64 lowercase hex digits, the text itself otherwise. Never fails.</summary>
    public static Sha256Value Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseHex(text, out var value) ? value : new Sha256Value(text);
    }

    /// <summary>Parses exactly 64 lowercase hex digits; false for anything else.</summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out Sha256Value value) => TryParse(hex, out value);

    /// <summary>Parses exactly 64 lowercase hex digits given as UTF-8 (or ASCII); false for anything else.</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> hex, out Sha256Value value) => TryParse(hex, out value);

    public static implicit operator Sha256Value(string text) => Parse(text);

    public static bool operator ==(Sha256Value left, Sha256Value right) => left.Equals(right);

    public static bool operator !=(Sha256Value left, Sha256Value right) => !left.Equals(right);

    public static bool operator <(Sha256Value left, Sha256Value right) => left.CompareTo(right) < 0;

    public static bool operator <=(Sha256Value left, Sha256Value right) => left.CompareTo(right) <= 0;

    public static bool operator >(Sha256Value left, Sha256Value right) => left.CompareTo(right) > 0;

    public static bool operator >=(Sha256Value left, Sha256Value right) => left.CompareTo(right) >= 0;

    /// <summary>Writes the 32 bytes of the hash; false (and nothing written) when the value is not 64 lowercase hex digits.</summary>
    public bool TryWriteHash(Span<byte> destination)
    {
        if (_text is not null || destination.Length < HashBytes)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
        return true;
    }

    /// <summary>True when the value is the hash of these 32 bytes.</summary>
    public bool HashEquals(ReadOnlySpan<byte> hash) => hash.Length == HashBytes && _text is null && Equals(FromHash(hash));

    /// <summary>True when the value's text is this text (ordinal), without making a string of the value.</summary>
    public bool TextEquals(ReadOnlySpan<char> text)
    {
        if (_text is not null)
        {
            return text.SequenceEqual(_text);
        }

        return TryParse(text, out var other) && Equals(other);
    }

    /// <summary>Writes the value's text (64 characters for a hash); false when it does not fit.</summary>
    public bool TryFormat(Span<char> destination, out int written)
    {
        if (_text is not null)
        {
            written = _text.TryCopyTo(destination) ? _text.Length : 0;
            return written == _text.Length;
        }

        Span<byte> hash = stackalloc byte[HashBytes];
        TryWriteHash(hash);
        return Convert.TryToHexStringLower(hash, destination, out written);
    }

    /// <summary>Writes the value's text as UTF-8 into a buffer of at least <see cref="HexLength"/> bytes; false when it is not a hash.</summary>
    public bool TryFormatHexUtf8(Span<byte> destination, out int written)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        if (!TryWriteHash(hash))
        {
            written = 0;
            return false;
        }

        return Convert.TryToHexStringLower(hash, destination, out written);
    }

    /// <summary>The value as text: 64 lowercase hex digits, or the text it was given.</summary>
    public override string ToString() => _text ?? string.Create(HexLength, this, static (chars, value) => value.TryFormat(chars, out _));

    /// <summary>As <see cref="ToString()"/>: the value has one text, whatever the format.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>As <see cref="TryFormat(Span{char}, out int)"/>: the value has one text, whatever the format.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    public bool Equals(Sha256Value other) =>
        _text is null
            ? other._text is null && _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3
            : string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Sha256Value other && Equals(other);

    public override int GetHashCode() => _text is null ? HashCode.Combine(_w0, _w1, _w2, _w3) : StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Orders as the texts do (ordinal).</summary>
    public int CompareTo(Sha256Value other)
    {
        if (_text is null && other._text is null)
        {
            return _w0 != other._w0 ? _w0.CompareTo(other._w0)
                : _w1 != other._w1 ? _w1.CompareTo(other._w1)
                : _w2 != other._w2 ? _w2.CompareTo(other._w2)
                : _w3.CompareTo(other._w3);
        }

        Span<char> left = stackalloc char[HexLength];
        Span<char> right = stackalloc char[HexLength];
        var leftText = _text is null ? Formatted(left) : _text.AsSpan();
        var rightText = other._text is null ? other.Formatted(right) : other._text.AsSpan();
        return leftText.SequenceCompareTo(rightText);
    }

    private ReadOnlySpan<char> Formatted(Span<char> buffer)
    {
        TryFormat(buffer, out var written);
        return buffer[..written];
    }

    private static bool TryParse<T>(ReadOnlySpan<T> hex, out Sha256Value value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        if (hex.Length != HexLength)
        {
            return false;
        }

        Span<ulong> words = stackalloc ulong[4];
        for (var w = 0; w < 4; w++)
        {
            ulong word = 0;
            for (var i = w * 16; i < (w + 1) * 16; i++)
            {
                var digit = LowercaseHexDigit(int.CreateTruncating(hex[i]));
                if (digit < 0)
                {
                    return false;
                }

                word = (word << 4) | (uint)digit;
            }

            words[w] = word;
        }

        value = new Sha256Value(words[0], words[1], words[2], words[3]);
        return true;
    }

    private static int LowercaseHexDigit(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
