using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Reads JSON strings through a pool, so a value that repeats (a blob's digest in its artifact and in
/// the blob list, a path in the blob list and the file list) is one string in memory, not one per
/// occurrence. One instance per parse: the pool lives only as long as the parse.
/// </summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    // Longer values (justifications, sources) rarely repeat; pooling them would only cost memory.
    private const int MaxPooledChars = 160;

    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public PooledStringConverter() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }

        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (reader.ValueIsEscaped || reader.HasValueSequence || length > MaxPooledChars)
        {
            return Pool(reader.GetString()!);
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
            throw new JsonException("A string is not valid UTF-8.", ex);
        }

        var value = chars[..count];
        if (IsHeldAsHash(value))
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

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    // Digests and blob paths are held as hashes by the manifest's records (HashNames): pooled, the pool would hold them all
    // until the parse ends.
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

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
