using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Batches.Recovery;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>Volumes cut by the real writer with PAR2 recovery data (the real par2), and the damage the recovery tests do to them.</summary>
public static class RecoveryVolumes
{
    /// <summary>One volume of three file artifacts (300, 200 and 100 KB) with <paramref name="percent"/> recovery data.</summary>
    public static async Task<(string Volume, IReadOnlyList<BatchArtifactInput> Files)> WriteAsync(BatchScenario scenario, int percent = 5)
    {
        var (volumes, files) = await WriteVolumesAsync(scenario, percent, 1L << 30);
        return (volumes.Single(), files);
    }

    /// <summary>The same three files on volumes of <paramref name="capacity"/> bytes.</summary>
    public static async Task<(IReadOnlyList<string> Volumes, IReadOnlyList<BatchArtifactInput> Files)> WriteVolumesAsync(
        BatchScenario scenario, int percent, long capacity)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ProcessRunner.Require(Par2);
        List<BatchArtifactInput> files =
        [
            await SampleArtifacts.AddFileAsync(scenario.Store, "tool.iso", 300_000, seed: 11),
            await SampleArtifacts.AddFileAsync(scenario.Store, "patch.bin", 200_000, seed: 12),
            await SampleArtifacts.AddFileAsync(scenario.Store, "notes.txt", 100_000, seed: 13),
        ];
        var request = scenario.Request(files, capacity) with { RecoveryPercent = percent };
        var written = await new BatchWriter(scenario.Store, scenario.Clock).WriteAsync(
            request, scenario.Key, scenario.MediaDirectory, null, CancellationToken.None);
        return (written.VolumeDirectories, files);
    }

    public const string Par2 = "par2";

    /// <summary>The path of a file artifact's blob in a volume.</summary>
    public static string BlobPath(string volume, BatchArtifactInput file) =>
        Path.Combine(volume, BatchFileNames.BlobPath(file.Digest));

    /// <summary>Overwrites <paramref name="length"/> bytes at <paramref name="offset"/> with zeros, as a bad sector reads.</summary>
    public static async Task ZeroAsync(string path, long offset, int length)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        await stream.WriteAsync(new byte[length]);
    }

    /// <summary>The volume's recovery files, full paths, in path order.</summary>
    public static IReadOnlyList<string> RecoveryFiles(string volume) =>
        [.. Directory.EnumerateFiles(Path.Combine(volume, RecoveryFileNames.Directory)).Order(StringComparer.Ordinal)];

    /// <summary>Flips a byte in the middle of a file: its SHA-256 no longer matches.</summary>
    public static async Task FlipByteAsync(string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
    }
}
