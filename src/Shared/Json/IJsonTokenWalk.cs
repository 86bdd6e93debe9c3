using System.Text.Json;

namespace TransferPipeline.Shared.Json;

/// <summary>What follows a JSON document token by token as <see cref="StreamedJson"/> reads it.</summary>
public interface IJsonTokenWalk
{
    /// <summary>
    /// Whether the object or array this token starts is wanted whole: if so, <see cref="Whole"/> is called instead of
    /// <see cref="Token"/>, with all of the value in the reader's buffer.
    /// </summary>
    bool WantsWhole(ref Utf8JsonReader reader);

    /// <summary>Reads the value the reader is at the start of, to its end token (as a serializer does).</summary>
    void Whole(ref Utf8JsonReader reader);

    void Token(ref Utf8JsonReader reader);
}
