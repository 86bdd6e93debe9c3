using System.Globalization;
using System.Text;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Shared.Batches;

/// <summary>
/// Writes each volume's OCI layout files and its SHA256SUMS (coreutils format, so `sha256sum -c`
/// works with standard tools), adding the layout files to the payload list, and returns the volume
/// entries for the manifest.
/// </summary>
internal static class VolumeControlFiles
{
    public static async Task<IReadOnlyList<ManifestVolume>> WriteAsync(
        IReadOnlyList<string> volumeDirectories, string batchId, IReadOnlyList<ManifestArtifact> artifacts,
        IReadOnlyList<ManifestBlob> blobs, List<ManifestFile> files, CancellationToken cancellationToken)
    {
        var blobIndex = blobs.ToDictionary(b => b.Digest, StringComparer.Ordinal);
        var volumes = new List<ManifestVolume>();
        for (var number = 1; number <= volumeDirectories.Count; number++)
        {
            var directory = volumeDirectories[number - 1];
            var index = OciLayoutIndex.Build(OciLayoutIndex.ReadableImages(number, artifacts, blobIndex));
            files.Add(await WriteSmallAsync(directory, number, BatchFileNames.OciLayout, OciLayoutIndex.LayoutFile, cancellationToken));
            files.Add(await WriteSmallAsync(directory, number, BatchFileNames.OciIndex, index, cancellationToken));

            var onVolume = files.Where(f => f.Volume == number).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            var sums = BuildSums(onVolume);
            await DurableFile.WriteAllBytesAsync(Path.Combine(directory, BatchFileNames.Sums), sums, cancellationToken);
            volumes.Add(new ManifestVolume
            {
                Number = number,
                Name = BatchFileNames.VolumeName(batchId, number),
                Sha256Sums = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sums)),
                FileCount = onVolume.Count,
                Bytes = onVolume.Sum(f => f.Size),
            });
        }

        return volumes;
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
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
        };
    }

    private static byte[] BuildSums(IEnumerable<ManifestFile> files)
    {
        var builder = new StringBuilder();
        foreach (var file in files)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{file.Sha256}  {file.Path}\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }
}
