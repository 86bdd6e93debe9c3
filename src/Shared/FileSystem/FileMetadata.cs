namespace TransferPipeline.Shared.FileSystem;

/// <summary>What lstat tells about a path.</summary>
public sealed record FileMetadata(UnixFileKind Kind, UnixFileMode Mode, uint LinkCount, long Size)
{
    /// <summary>Set-user-id, set-group-id or sticky bits.</summary>
    public bool HasSpecialBits =>
        (Mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit)) != 0;
}
