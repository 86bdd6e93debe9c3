using System.Text;
using System.Text.Json;
using TransferPipeline.Shared.Hashing;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Reads the manifest's values from a JSON reader as strictly as the serializer reads them with
/// <see cref="BatchJsonContext"/>'s options: a value of the wrong type, a null where none is allowed, a number that is not
/// an integer of the property's range, or text that is not UTF-8 throws <see cref="JsonException"/>. Short strings go
/// through one pool per manifest, so a value that repeats is one string in memory; digests and blob paths are not pooled,
/// since the records hold them as hashes.
/// </summary>
internal sealed class ManifestValues
{
    // Longer values (justifications, sources) rarely repeat; pooling them would only cost memory.
    private const int MaxPooledChars = 160;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ManifestValues() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Moves to the property's value.</summary>
    public static void ToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the document ends inside a property");
        }
    }

    // share: whether an equal string already read is shared (false for text kept on disk, not in memory).
    public string String(ref Utf8JsonReader reader, string name, bool share = true) =>
        NullableString(ref reader, name, share) ?? throw new JsonException($"'{name}' is null");

    public string? NullableString(ref Utf8JsonReader reader, string name, bool share = true)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"'{name}' must be a string, not {reader.TokenType}");
        }

        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (reader.ValueIsEscaped || reader.HasValueSequence || length > MaxPooledChars)
        {
            return share ? Pool(Text(ref reader, name)) : Text(ref reader, name);
        }

        // Plain UTF-8 of at most MaxPooledChars bytes decodes to at most as many chars.
        Span<char> chars = stackalloc char[MaxPooledChars];
        int count;
        try
        {
            count = StrictUtf8.GetChars(reader.ValueSpan, chars);
        }
        catch (DecoderFallbackException ex)
        {
            throw new JsonException($"'{name}' is not valid UTF-8", ex);
        }

        var value = chars[..count];
        if (!share || IsHeldAsHash(value))
        {
            return new string(value);
        }

        if (_lookup.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        var created = new string(value);
        _pool.Add(created);
        return created;
    }

    public static int Int32(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new JsonException($"'{name}' must be an integer from {int.MinValue} to {int.MaxValue}");

    public static int? NullableInt32(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Null ? null : Int32(ref reader, name);

    public static long Int64(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new JsonException($"'{name}' must be an integer from {long.MinValue} to {long.MaxValue}");

    public static bool Boolean(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"'{name}' must be true or false"),
    };

    public static DateTimeOffset Time(ref Utf8JsonReader reader, string name) =>
        ManifestTimeConverter.Parse(reader.TokenType == JsonTokenType.String ? Text(ref reader, name) : null);

    /// <summary>A hash as the manifest writes it; any other string is kept as its text, for the rules to refuse.</summary>
    public Sha256Value Sha256(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && Sha256Value.TryParseHex(reader.ValueSpan, out var value))
        {
            return value;
        }

        return Sha256Value.Parse(String(ref reader, name));
    }

    /// <summary>
    /// A string that is <paramref name="prefix"/> and a hash, as the hash (and null), read from the JSON bytes without making
    /// a string of it; any other string as its text, for the rules to see as written.
    /// </summary>
    public string? HashOrText(ref Utf8JsonReader reader, string name, string prefix, out Sha256Value hash, bool share = true)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && HashNames.TryParse(reader.ValueSpan, prefix, out hash))
        {
            return null;
        }

        // An escaped spelling of the same text is the same value: held as the hash too.
        var text = String(ref reader, name, share);
        return HashNames.TryParse(text, prefix, out hash) ? null : text;
    }

    /// <summary>The property's name, for a message about it.</summary>
    public static string Name(ref Utf8JsonReader reader) => Text(ref reader, "a property name");

    private static string Text(ref Utf8JsonReader reader, string name)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"'{name}' is not valid UTF-8", ex);
        }
    }

    // Digests and blob paths are held as hashes by the manifest's records (HashNames): pooled, the pool would hold them all
    // until the manifest is read.
    private static bool IsHeldAsHash(ReadOnlySpan<char> value) =>
        HashNames.TryParse(value, HashNames.DigestPrefix, out _) || HashNames.TryParse(value, HashNames.BlobPathPrefix, out _);

    private string Pool(string value)
    {
        if (value.Length > MaxPooledChars || IsHeldAsHash(value))
        {
            return value;
        }

        if (_pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        _pool.Add(value);
        return value;
    }
}
