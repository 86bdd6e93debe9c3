namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>Paths inside an image: relative to its root, '/'-separated, no leading './' or '/'.</summary>
internal static class ImagePaths
{
    /// <summary>A tar entry name normalised; null for the root itself or a name with a '..' segment (never honoured).</summary>
    public static string? Normalise(string name)
    {
        var segments = new List<string>();
        foreach (var segment in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                return null;
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    /// <summary>
    /// Where a symbolic link at <paramref name="linkPath"/> with <paramref name="target"/> points, inside the image:
    /// an absolute target starts at the image root and '..' stops at it, as in a chroot, so a link never leads out.
    /// </summary>
    public static string Resolve(string linkPath, string target)
    {
        var segments = new List<string>();
        if (!target.StartsWith('/'))
        {
            segments.AddRange(linkPath.Split('/')[..^1]);
        }

        foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>The file name: the part after the last '/'.</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The parent directory, or the empty string at the root.</summary>
    public static string Parent(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : string.Empty;
}
