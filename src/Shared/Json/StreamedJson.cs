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

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads the stream on the calling thread.</summary>
    public static void Read(Stream json, IJsonTokenWalk walk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        var feed = new TokenFeed(walk);
        try
        {
            while (!feed.Ended)
            {
                cancellationToken.ThrowIfCancellationRequested();
                feed.Take(json.Read(feed.FreeSpace().Span));
            }
        }
        finally
        {
            feed.Release();
        }
    }

    public static async Task ReadAsync(Stream json, IJsonTokenWalk walk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        var feed = new TokenFeed(walk);
        try
        {
            while (!feed.Ended)
            {
                feed.Take(await json.ReadAsync(feed.FreeSpace(), cancellationToken));
            }
        }
        finally
        {
            feed.Release();
        }
    }

    /// <summary>Reads a whole document held in memory.</summary>
    public static void Read(ReadOnlySpan<byte> json, IJsonTokenWalk walk)
    {
        ArgumentNullException.ThrowIfNull(walk);
        var state = new JsonReaderState(ReaderOptions);
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

    // The bytes read but not yet taken as tokens, in one pooled buffer that doubles when a token does not fit.
    private sealed class TokenFeed
    {
        private readonly IJsonTokenWalk _walk;
        private JsonReaderState _state = new(ReaderOptions);
        private byte[] _buffer;
        private int _length;

        public TokenFeed(IJsonTokenWalk walk)
        {
            ArgumentNullException.ThrowIfNull(walk);
            _walk = walk;
            _buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        }

        public bool Ended { get; private set; }

        public Memory<byte> FreeSpace()
        {
            if (_length == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            return _buffer.AsMemory(_length);
        }

        /// <summary>Takes <paramref name="read"/> more bytes written into <see cref="FreeSpace"/>; none means the end.</summary>
        public void Take(int read)
        {
            Ended = read == 0;
            _length += read;
            var consumed = Tokens(_buffer.AsSpan(0, _length), Ended, ref _state, _walk);
            _buffer.AsSpan(consumed, _length - consumed).CopyTo(_buffer);
            _length -= consumed;
        }

        public void Release() => ArrayPool<byte>.Shared.Return(_buffer);
    }
}
