namespace TransferPipeline.Shared.Audit;

/// <summary>
/// Tail handling for the append-only JSON-lines files. A crash in the middle of an append can
/// leave a last line without its newline; it was never a complete record, so it is cut off
/// before the next append rather than glued to it.
/// </summary>
internal static class JsonLinesFile
{
    private const int ChunkSize = 4096;

    /// <summary>Cuts off an unterminated last line and leaves the stream positioned at the end.</summary>
    public static void TrimPartialLastLine(FileStream file)
    {
        var length = file.Length;
        if (length > 0 && ReadByteAt(file, length - 1) != (byte)'\n')
        {
            file.SetLength(FindLastNewline(file, length) + 1);
        }

        file.Seek(0, SeekOrigin.End);
    }

    /// <summary>Reads the last complete line (without its newline), or null if there is none.</summary>
    public static byte[]? ReadLastLine(FileStream file)
    {
        var end = FindLastNewline(file, file.Length);
        if (end < 0)
        {
            return null;
        }

        var start = FindLastNewline(file, end) + 1;
        var line = new byte[end - start];
        file.Seek(start, SeekOrigin.Begin);
        file.ReadExactly(line);
        file.Seek(0, SeekOrigin.End);
        return line;
    }

    /// <summary>True if the file is empty or ends with a newline.</summary>
    public static bool EndsWithNewline(FileStream file) =>
        file.Length == 0 || ReadByteAt(file, file.Length - 1) == (byte)'\n';

    /// <summary>The position of the last newline before <paramref name="before"/>, or -1.</summary>
    private static long FindLastNewline(FileStream file, long before)
    {
        var buffer = new byte[ChunkSize];
        var end = before;
        while (end > 0)
        {
            var start = Math.Max(0, end - ChunkSize);
            var count = (int)(end - start);
            file.Seek(start, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, count);
            var index = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (index >= 0)
            {
                return start + index;
            }

            end = start;
        }

        return -1;
    }

    private static int ReadByteAt(FileStream file, long position)
    {
        file.Seek(position, SeekOrigin.Begin);
        return file.ReadByte();
    }
}
