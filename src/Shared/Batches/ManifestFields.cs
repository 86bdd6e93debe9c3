using System.Text;
using System.Text.Json;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// The properties one kind of manifest object may have, by position, and which of them are required (a bit each): an
/// unknown or repeated property, or a missing required one, throws <see cref="JsonException"/>. Names match exactly,
/// escaped or not.
/// </summary>
internal sealed class ManifestFields(string what, string[] names, int required)
{
    private readonly byte[][] _utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];

    public string[] Names => names;

    public int Required => required;

    public int Start(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.StartObject ? 0 : throw new JsonException($"{what} must be an object, not {reader.TokenType}");

    /// <summary>Moves to the next property's value, or returns false at the object's end.</summary>
    public bool Next(ref Utf8JsonReader reader, ref int seen, out int field)
    {
        field = -1;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        field = Match(ref reader, ref seen);
        ManifestValues.ToValue(ref reader);
        return true;
    }

    /// <summary>The position of the property whose name the reader is at, marked as seen.</summary>
    public int Match(ref Utf8JsonReader reader, ref int seen)
    {
        var field = -1;
        for (var i = 0; i < _utf8.Length && field < 0; i++)
        {
            field = reader.ValueTextEquals(_utf8[i]) ? i : -1;
        }

        if (field < 0)
        {
            throw new JsonException($"{what} has the unknown property '{ManifestValues.Name(ref reader)}'");
        }

        if ((seen & (1 << field)) != 0)
        {
            throw new JsonException($"{what} has the property '{names[field]}' twice");
        }

        seen |= 1 << field;
        return field;
    }

    public void End(int seen)
    {
        var missing = required & ~seen;
        if (missing != 0)
        {
            throw new JsonException($"{what} lacks the required property '{names[System.Numerics.BitOperations.TrailingZeroCount(missing)]}'");
        }
    }
}
