using System.Buffers;
using System.Text.Json;

namespace TransferPipeline.Shared.Json;

/// <summary>
/// Reads a JSON document from a stream and hands its tokens to a walk, through one buffer that grows only as far as its
/// longest token, or the longest value the walk asks to see whole, needs: a manifest of 100,000 files is read in 64 KiB.
/// Malformed JSON throws <see cref="JsonException"/>, as the serializer would.
/// </summary>
public static class StreamedJson
{
    private const int FirstBufferBytes = 64 * 1024;

    public static async Task ReadAsync(Stream json, IJsonTokenWalk walk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(walk);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        try
        {
            var length = 0;
            var final = false;
            while (!final)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await json.ReadAsync(buffer.AsMemory(length), cancellationToken);
                final = read == 0;
                length += read;
                var consumed = Tokens(buffer.AsSpan(0, length), final, ref state, walk);
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a whole document held in memory.</summary>
    public static void Read(ReadOnlySpan<byte> json, IJsonTokenWalk walk)
    {
        ArgumentNullException.ThrowIfNull(walk);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Tokens(json, final: true, ref state, walk);
    }

    // The tokens complete in these bytes; returns how many bytes they took. A value wanted whole that is not all here yet
    // is left, with its first token, for the next call.
    private static int Tokens(ReadOnlySpan<byte> bytes, bool final, ref JsonReaderState state, IJsonTokenWalk walk)
    {
        var reader = new Utf8JsonReader(bytes, final, state);
        while (true)
        {
            var before = reader.CurrentState;
            var consumed = reader.BytesConsumed;
            if (!reader.Read())
            {
                break;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && walk.WantsWhole(ref reader))
            {
                var probe = reader;
                if (!probe.TrySkip())
                {
                    state = before;
                    return checked((int)consumed);
                }

                walk.Whole(ref reader);
                continue;
            }

            walk.Token(ref reader);
        }

        state = reader.CurrentState;
        return checked((int)reader.BytesConsumed);
    }
}
