using System.Formats.Tar;
using System.Text;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>What the tests' package builders write into archives alike: fixed times and modes, so a package builds to the same bytes.</summary>
public static class TestArchives
{
    public static readonly DateTimeOffset Timestamp = new(1985, 10, 26, 8, 15, 0, TimeSpan.Zero);

    /// <summary>Adds a regular file of <paramref name="content"/> (UTF-8) at <paramref name="path"/>.</summary>
    public static void AddText(TarWriter tar, string path, string content)
    {
        ArgumentNullException.ThrowIfNull(tar);
        var entry = new UstarTarEntry(TarEntryType.RegularFile, path)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            ModificationTime = Timestamp,
        };
        tar.WriteEntry(entry);
    }
}
