using System.Formats.Tar;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Reads one layer's tar stream once, entry by entry, into <see cref="LayeredFiles"/>: whiteouts, entries that hide
/// lower files, and the files the inventory keeps (each read only up to its cap). Symbolic links at kept paths are
/// kept as links and resolved inside the image later; hard links copy a kept file of the same or a lower layer.
/// </summary>
internal static class LayerArchive
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    public static async Task ReadAsync(Stream tar, Digest layer, LayeredFiles files, Action<string> warn, CancellationToken ct)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes || ImagePaths.Normalise(entry.Name) is not { } path)
            {
                continue;
            }

            var name = ImagePaths.FileName(path);
            if (name == OpaqueMarker)
            {
                files.Opaque(ImagePaths.Parent(path));
            }
            else if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                // Other .wh..wh. names are AUFS bookkeeping, not deletions.
                if (!name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
                {
                    var parent = ImagePaths.Parent(path);
                    files.Whiteout(parent.Length == 0 ? name[WhiteoutPrefix.Length..] : $"{parent}/{name[WhiteoutPrefix.Length..]}");
                }
            }
            else if (PackageFileRules.CapFor(path) is { } cap)
            {
                await KeepAsync(entry, path, cap, layer, files, warn, ct);
            }
            else
            {
                files.Replace(path, entry.EntryType == TarEntryType.Directory);
            }
        }

        files.EndLayer();
    }

    private static async Task KeepAsync(
        TarEntry entry,
        string path,
        long cap,
        Digest layer,
        LayeredFiles files,
        Action<string> warn,
        CancellationToken ct)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                files.Add(new KeptFile(path, layer, await ReadCappedAsync(entry, path, cap, layer, ct)));
                break;
            case TarEntryType.SymbolicLink:
                files.Add(new KeptFile(path, layer, null, ImagePaths.Resolve(path, entry.LinkName)));
                break;
            case TarEntryType.HardLink when ImagePaths.Normalise(entry.LinkName) is { } target
                && files.Find(target) is { Content: not null } linked:
                files.Add(new KeptFile(path, layer, linked.Content));
                break;
            case TarEntryType.HardLink:
                files.Replace(path, isDirectory: false);
                warn($"'{DisplayText.Printable(path)}' in layer {layer.Value} is a hard link to "
                    + $"'{DisplayText.Printable(entry.LinkName)}', a file the inventory does not keep; it was not read.");
                break;
            default:
                files.Replace(path, entry.EntryType == TarEntryType.Directory);
                break;
        }
    }

    private static async Task<byte[]> ReadCappedAsync(TarEntry entry, string path, long cap, Digest layer, CancellationToken ct)
    {
        if (entry.Length > cap)
        {
            throw new SbomException(
                SbomError.FileTooLarge,
                $"'{DisplayText.Printable(path)}' in layer {layer.Value} is {ByteSize.Format(entry.Length)}, "
                + $"over the {ByteSize.Format(cap)} the inventory reads of such a file.");
        }

        var content = new byte[entry.Length];
        if (entry.DataStream is { } data)
        {
            await data.ReadExactlyAsync(content, ct);
        }

        return content;
    }
}
