namespace TransferPipeline.Shared.FileSystem;

/// <summary>How our writers open a file: unbuffered (the callers write large blocks), not shared, async.</summary>
internal static class WriteOptions
{
    public const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static FileStreamOptions For(FileMode mode, UnixFileMode unixMode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }

        return options;
    }
}
