namespace TransferPipeline.HighSide.Kinds.Npm;

/// <summary>Creates a package's directories below the mirror, each readable by all (the mirror is served to others).</summary>
internal static class NpmMirrorDirectories
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static void Ensure(string mirror, string directory)
    {
        var root = Path.GetFullPath(mirror);
        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(directory); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            if (!current.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"'{directory}' is not below the mirror {mirror}");
            }

            missing.Push(current);
        }

        while (missing.TryPop(out var next))
        {
            Directory.CreateDirectory(next);
            if (!OperatingSystem.IsWindows())
            {
                System.IO.File.SetUnixFileMode(next, Readable);
            }
        }
    }
}
