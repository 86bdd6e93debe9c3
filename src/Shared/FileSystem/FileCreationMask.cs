namespace TransferPipeline.Shared.FileSystem;

/// <summary>The process's file creation mask (umask): the permissions no file or directory it creates may have.</summary>
public static class FileCreationMask
{
    /// <summary>Every permission of group and others.</summary>
    public const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// umask 077: from now on every file this process creates is at most 0600 and every directory 0700, whatever
    /// mode its creator asks for (.NET's 0666 and 0777, our writers' 0644, SQLite's, the log sink's). Only a mode
    /// set explicitly after creation (chmod) gives more.
    /// </summary>
    public static void RestrictToOwner() => NativeFileSystem.SetCreationMask(GroupAndOthers);
}
