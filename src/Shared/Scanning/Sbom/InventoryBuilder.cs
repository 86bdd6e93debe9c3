namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>Turns the kept files of the final image into a <see cref="PackageInventory"/>.</summary>
internal static class InventoryBuilder
{
    private const int MaxLinkHops = 8;

    public static PackageInventory Build(
        IReadOnlyDictionary<string, KeptFile> files,
        IReadOnlyList<UnreadableLayer> unreadable,
        List<string> warnings)
    {
        var os = FindOperatingSystem(files, warnings);
        var packages = new List<InventoryPackage>();
        var seen = new HashSet<(string Purl, string Path)>();
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
        {
            if (PackageFileRules.ParserFor(path) is not { } parser || Resolve(files, path, warnings) is not { } file)
            {
                continue;
            }

            var context = new PackageFileContext(file.Path, os?.Release, warnings.Add);
            foreach (var package in parser.Parse(file.Content!, context))
            {
                if (seen.Add((package.Purl, file.Path)))
                {
                    packages.Add(new InventoryPackage(package, file.Path, file.Layer));
                }
            }
        }

        return new PackageInventory(os, packages, unreadable, warnings);
    }

    private static InventoryOperatingSystem? FindOperatingSystem(IReadOnlyDictionary<string, KeptFile> files, List<string> warnings)
    {
        foreach (var path in PackageFileRules.OsReleasePaths)
        {
            if (files.ContainsKey(path) && Resolve(files, path, warnings) is { } file && OsRelease.Parse(file.Content) is { } release)
            {
                return new InventoryOperatingSystem(release, file.Path, file.Layer);
            }
        }

        return null;
    }

    /// <summary>
    /// The regular file at <paramref name="path"/>, following symbolic links between kept files (inside the image only,
    /// at most <see cref="MaxLinkHops"/>). A link to a file the inventory does not keep, or through a linked directory,
    /// is not followed: it is reported as a warning.
    /// </summary>
    private static KeptFile? Resolve(IReadOnlyDictionary<string, KeptFile> files, string path, List<string> warnings)
    {
        var file = files[path];
        for (var hop = 0; file.LinkTarget is { } target; hop++)
        {
            if (hop == MaxLinkHops || !files.TryGetValue(target, out var next))
            {
                warnings.Add($"'{DisplayText.Printable(path)}' is a symbolic link to '{DisplayText.Printable(target)}', "
                    + "which the inventory did not keep; it was not read.");
                return null;
            }

            file = next;
        }

        return file;
    }
}
