using TransferPipeline.Shared.Batches;

namespace TransferPipeline.HighSide.Features.Import;

/// <summary>Finds the volumes at a path: the path itself, or the volume directories a media directory holds.</summary>
internal static class VolumeSources
{
    public static IReadOnlyList<string> Find(string path)
    {
        if (!Directory.Exists(path))
        {
            return [];
        }

        if (IsVolume(path))
        {
            return [Path.GetFullPath(path)];
        }

        return [.. Directory.EnumerateDirectories(path).Where(IsVolume).Order(StringComparer.Ordinal).Select(Path.GetFullPath)];
    }

    // The signature is the commit marker: a directory without it is not (yet) a volume.
    public static bool IsVolume(string directory) =>
        File.Exists(Path.Combine(directory, BatchFileNames.Manifest)) || File.Exists(Path.Combine(directory, BatchFileNames.Signature));
}
