namespace TransferPipeline.Shared.Persistence;

/// <summary>
/// Creates the files that hold security decisions (databases, audit mirrors) so that only the
/// service account can read them: directories 0750, files 0600.
/// </summary>
internal static class RestrictedFiles
{
    private const UnixFileMode PrivateDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode WorldBits =
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void EnsureParentDirectory(string filePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, PrivateDirectoryMode);
        }
    }

    /// <summary>
    /// Creates the file empty with mode 0600 if it is missing, and takes away any world access an
    /// existing file has (SQLite gives its -wal and -shm files the database file's mode).
    /// </summary>
    public static void EnsureFile(string path)
    {
        EnsureParentDirectory(path);
        if (!File.Exists(path))
        {
            try
            {
                using (new FileStream(path, CreateOptions(FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite)))
                {
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; its mode is checked below like any existing file.
            }
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & WorldBits) != 0)
        {
            File.SetUnixFileMode(path, mode & ~WorldBits);
        }
    }

    /// <summary>Options for opening a file that is created 0600 when missing.</summary>
    public static FileStreamOptions CreateOptions(FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }

        return options;
    }
}
