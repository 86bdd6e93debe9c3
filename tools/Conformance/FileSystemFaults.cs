namespace TransferPipeline.Conformance;

/// <summary>A file of a volume replaced by what a plain copy never makes: a symbolic link, a directory or a FIFO.</summary>
internal static class FileSystemFaults
{
    /// <summary>Moves the file beside the volume (as <paramref name="target"/>) and leaves a relative symbolic link to it.</summary>
    public static void Symlink(VectorBuild build, VolumeEdit volume, string relative, string target)
    {
        File.Move(volume.PathOf(relative), build.Beside(target));
        var up = string.Concat(Enumerable.Repeat("../", relative.Count(c => c == '/') + 1));
        File.CreateSymbolicLink(volume.PathOf(relative), up + target);
    }

    public static void Directory(VolumeEdit volume, string relative)
    {
        File.Delete(volume.PathOf(relative));
        System.IO.Directory.CreateDirectory(volume.PathOf(relative));
    }

    public static void Fifo(VolumeEdit volume, string relative)
    {
        File.Delete(volume.PathOf(relative));
        NativeLinks.Fifo(volume.PathOf(relative));
    }
}
