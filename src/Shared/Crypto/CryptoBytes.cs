namespace TransferPipeline.Shared.Crypto;

/// <summary>Byte helpers that must not leak timing or leave secrets behind.</summary>
public static class CryptoBytes
{
    /// <summary>
    /// Compares two buffers in time that depends only on their length. Returns false when the
    /// lengths differ (lengths are not secret).
    /// </summary>
    public static bool FixedTimeEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == b.Length && LibSodium.MemoryEquals(a, b);

    /// <summary>Overwrites the buffer with zeros in a way the compiler cannot optimise away.</summary>
    public static void Zero(Span<byte> buffer) => LibSodium.MemoryZero(buffer);

    /// <summary>Fills the buffer with cryptographically secure random bytes.</summary>
    public static void FillRandom(Span<byte> buffer) => LibSodium.RandomBytes(buffer);
}
