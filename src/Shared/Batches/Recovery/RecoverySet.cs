namespace TransferPipeline.Shared.Batches.Recovery;

/// <summary>
/// One par2 recovery set of a volume: the files it covers (in path order), par2's block size, how many source blocks
/// that makes, and how many recovery blocks are written over how many recovery files.
/// </summary>
internal sealed record RecoverySet(
    string Name,
    IReadOnlyList<ManifestFile> Files,
    long BlockSize,
    int SourceBlocks,
    int RecoveryBlocks,
    int RecoveryFiles)
{
    // A par2 packet header is 64 bytes; a recovery packet adds its 4-byte exponent to the block.
    private const long PacketHeader = 64;

    /// <summary>
    /// An upper bound of the bytes par2 writes for this set. par2cmdline writes the critical packets (main, file
    /// descriptions, block checksums) once into the index file and as many times into each recovery file as the
    /// bit length of the recovery blocks it holds, plus one creator packet a file.
    /// </summary>
    public long EstimatedBytes()
    {
        var critical = PacketHeader + 12 + (16L * Files.Count);
        foreach (var file in Files)
        {
            critical += PacketHeader + 56 + ((file.Path.Length + 3) / 4 * 4);
            critical += PacketHeader + 16 + (20L * Blocks(file.Size, BlockSize));
        }

        var perFile = (RecoveryBlocks + RecoveryFiles - 1) / RecoveryFiles;
        var copies = 1 + (RecoveryFiles * (64 - long.LeadingZeroCount(perFile)));
        const long creator = 128;
        return (copies * critical) + ((RecoveryFiles + 1) * creator) + (RecoveryBlocks * (PacketHeader + 4 + BlockSize));
    }

    public static long Blocks(long size, long blockSize) => (size + blockSize - 1) / blockSize;
}
