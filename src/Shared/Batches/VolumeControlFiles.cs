using System.Security.Cryptography;
using System.Text;
using TransferPipeline.Shared.Batches.Recovery;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Writes each volume's OCI layout files, its PAR2 recovery files when asked for, and its SHA256SUMS (coreutils
/// format, so `sha256sum -c` works with standard tools), and returns the volume entries and those files for the manifest.
/// SHA256SUMS is streamed to the file and hashed as it goes, one line at a time.
/// </summary>
internal static class VolumeControlFiles
{
    private const int BlockSize = 64 * 1024;

    public static async Task<(IReadOnlyList<ManifestVolume> Volumes, IReadOnlyList<ManifestFile> LayoutFiles)> WriteAsync(
        IReadOnlyList<string> volumeDirectories, string batchId, ManifestComposer composer, IReadOnlyList<PlannedPiece> pieces,
        PieceHashes hashes, int recoveryPercent, CancellationToken cancellationToken)
    {
        var piecesByVolume = PiecesByVolume(pieces, volumeDirectories.Count);
        var volumes = new List<ManifestVolume>(volumeDirectories.Count);
        var layoutFiles = new List<ManifestFile>(volumeDirectories.Count * 2);
        for (var number = 1; number <= volumeDirectories.Count; number++)
        {
            var directory = volumeDirectories[number - 1];
            var index = OciLayoutIndex.Build(composer.ReadableImages(number));
            List<ManifestFile> layout =
            [
                await WriteSmallAsync(directory, number, BatchFileNames.OciLayout, OciLayoutIndex.LayoutFile, cancellationToken),
                await WriteSmallAsync(directory, number, BatchFileNames.OciIndex, index, cancellationToken),
            ];
            var onVolume = piecesByVolume[number - 1];
            if (recoveryPercent > 0)
            {
                var covered = onVolume.Select(i => new ManifestFile
                {
                    Volume = number,
                    Path = pieces[i].Path,
                    Size = pieces[i].Length,
                    Sha256 = hashes.Value(i),
                });
                layout.AddRange(await VolumeRecoveryWriter.WriteAsync(directory, number, [.. covered, .. layout], recoveryPercent, cancellationToken));
            }

            layoutFiles.AddRange(layout);
            var sums = await DurableFile.WriteAsync(Path.Combine(directory, BatchFileNames.Sums), (stream, _) =>
            {
                using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                WriteSums(onVolume, pieces, hashes, layout, block =>
                {
                    sha256.AppendData(block);
                    stream.Write(block);
                });
                return Task.FromResult(Convert.ToHexStringLower(sha256.GetHashAndReset()));
            }, cancellationToken);
            volumes.Add(new ManifestVolume
            {
                Number = number,
                Name = BatchFileNames.VolumeName(batchId, number),
                Sha256Sums = sums,
                FileCount = onVolume.Count + layout.Count,
                Bytes = onVolume.Sum(i => pieces[i].Length) + layout.Sum(f => f.Size),
            });
        }

        return (volumes, layoutFiles);
    }

    /// <summary>The lines of one volume's SHA256SUMS ("hex  path\n"), ordered by path (ordinal), in blocks.</summary>
    private static void WriteSums(
        IReadOnlyList<int> onVolume, IReadOnlyList<PlannedPiece> pieces, PieceHashes hashes, IReadOnlyList<ManifestFile> layout,
        BlockSink sink)
    {
        var buffer = new byte[BlockSize];
        var used = 0;
        var others = layout.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var next = 0;
        Span<byte> hash = stackalloc byte[PieceHashes.Length];
        foreach (var piece in onVolume)
        {
            for (; next < others.Count && string.CompareOrdinal(others[next].Path, pieces[piece].Path) < 0; next++)
            {
                Line(Convert.FromHexString(others[next].Sha256.ToString()), others[next].Path);
            }

            Line(hashes.Get(piece, hash), pieces[piece].Path);
        }

        for (; next < others.Count; next++)
        {
            Line(Convert.FromHexString(others[next].Sha256.ToString()), others[next].Path);
        }

        sink(buffer.AsSpan(0, used));

        void Line(ReadOnlySpan<byte> sha256, string path)
        {
            // Paths are ASCII by construction (BatchPathRules): one byte a character.
            var length = (PieceHashes.Length * 2) + 2 + path.Length + 1;
            if (used + length > buffer.Length)
            {
                sink(buffer.AsSpan(0, used));
                used = 0;
            }

            Convert.TryToHexStringLower(sha256, buffer.AsSpan(used), out var written);
            used += written;
            buffer[used++] = (byte)' ';
            buffer[used++] = (byte)' ';
            used += Encoding.ASCII.GetBytes(path, buffer.AsSpan(used));
            buffer[used++] = (byte)'\n';
        }
    }

    /// <summary>Indices of the pieces on each volume, each list ordered by path (ordinal) as SHA256SUMS lists them.</summary>
    private static List<int>[] PiecesByVolume(IReadOnlyList<PlannedPiece> pieces, int volumeCount)
    {
        var byVolume = new List<int>[volumeCount];
        for (var v = 0; v < volumeCount; v++)
        {
            byVolume[v] = [];
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            byVolume[pieces[i].Volume - 1].Add(i);
        }

        foreach (var list in byVolume)
        {
            list.Sort((a, b) => pieces[a].ComparePath(pieces[b]));
        }

        return byVolume;
    }

    private static async Task<ManifestFile> WriteSmallAsync(
        string directory, int volume, string name, byte[] content, CancellationToken cancellationToken)
    {
        await DurableFile.WriteAllBytesAsync(Path.Combine(directory, name), content, cancellationToken);
        return new ManifestFile
        {
            Volume = volume,
            Path = name,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
        };
    }
}
