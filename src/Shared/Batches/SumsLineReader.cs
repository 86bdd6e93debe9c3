namespace TransferPipeline.Shared.Batches;

/// <summary>Reads LF-terminated lines of bounded length from a stream, through one small buffer, on the calling thread.</summary>
internal sealed class SumsLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>
    /// The next line without its LF, and whether an LF ended it; null at the end. A line longer than the limit is
    /// returned cut at the limit plus one byte, so it never equals a valid line.
    /// </summary>
    public (byte[]? Line, bool Terminated) Read(CancellationToken cancellationToken)
    {
        var line = new List<byte>(128);
        while (true)
        {
            if (_start == _end)
            {
                if (_ended || !Fill(cancellationToken))
                {
                    return line.Count == 0 ? (null, false) : (line.ToArray(), false);
                }
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            var take = lf < 0 ? span.Length : lf;
            var room = maxLineBytes + 1 - line.Count;
            line.AddRange(span[..Math.Min(take, Math.Max(room, 0))]);
            _start += lf < 0 ? take : take + 1;
            if (lf >= 0 || line.Count > maxLineBytes)
            {
                return (line.ToArray(), lf >= 0);
            }
        }
    }

    private bool Fill(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _start = 0;
        _end = stream.Read(_buffer);
        _ended = _end == 0;
        return !_ended;
    }
}
