using System.Buffers;
using System.Text;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>Drains a process's output to its end, keeping only the last <c>capacity</c> bytes.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private readonly Lock _lock = new();
    private long _written;

    public async Task DrainAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process was killed or disposed: what arrived so far is all there is.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The kept bytes as text (a cut UTF-8 sequence at the start becomes a replacement character).</summary>
    public string Text()
    {
        lock (_lock)
        {
            var length = (int)Math.Min(_written, _ring.Length);
            var start = (int)(_written % _ring.Length);
            var bytes = new byte[length];
            if (_written <= _ring.Length)
            {
                _ring.AsSpan(0, length).CopyTo(bytes);
            }
            else
            {
                _ring.AsSpan(start).CopyTo(bytes);
                _ring.AsSpan(0, start).CopyTo(bytes.AsSpan(_ring.Length - start));
            }

            return Encoding.UTF8.GetString(bytes);
        }
    }

    /// <summary>The last non-blank line, printable, for a one-line message; empty when there is none.</summary>
    public string LastLine(int maxLength = 300)
    {
        var line = Text().Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        return DisplayText.Printable(line, maxLength);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (data.Length >= _ring.Length)
            {
                data[^_ring.Length..].CopyTo(_ring);
                _written += data.Length;
                _written -= _written % _ring.Length;
                return;
            }

            var position = (int)(_written % _ring.Length);
            var first = Math.Min(data.Length, _ring.Length - position);
            data[..first].CopyTo(_ring.AsSpan(position));
            data[first..].CopyTo(_ring);
            _written += data.Length;
        }
    }
}
