using Microsoft.Win32.SafeHandles;

namespace TransferPipeline.Shared.FileSystem;

/// <summary>Reads of a span at a place in a file, repeated until it is full: one positioned read may return less.</summary>
public static class PositionedRead
{
    /// <summary>Fills <paramref name="bytes"/> from <paramref name="position"/> on; false when the file ends first.</summary>
    public static bool TryFill(SafeFileHandle file, Span<byte> bytes, long position)
    {
        while (!bytes.IsEmpty)
        {
            var read = RandomAccess.Read(file, bytes, position);
            if (read == 0)
            {
                return false;
            }

            bytes = bytes[read..];
            position += read;
        }

        return true;
    }
}
