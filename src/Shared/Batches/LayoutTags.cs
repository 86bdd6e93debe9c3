using System.Globalization;
using System.Text;

namespace TransferPipeline.Shared.Batches;

/// <summary>Gives every image in a batch a unique, valid OCI layout tag derived from its name and tag.</summary>
internal static class LayoutTags
{
    public static IReadOnlyList<string?> Assign(IReadOnlyList<BatchArtifactInput> artifacts)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tags = new List<string?>(artifacts.Count);
        foreach (var artifact in artifacts)
        {
            if (!ArtifactKinds.IsInOciLayout(artifact.Kind))
            {
                tags.Add(null);
                continue;
            }

            var stem = Sanitize(artifact.Name + (artifact.Version is null ? "" : "_" + artifact.Version));
            var tag = stem;
            for (var n = 2; !used.Add(tag); n++)
            {
                tag = string.Create(CultureInfo.InvariantCulture, $"{stem[..Math.Min(stem.Length, 120)]}-{n}");
            }

            tags.Add(tag);
        }

        return tags;
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var text = builder.ToString().TrimStart('.', '-');
        text = text.Length == 0 ? "image" : text;
        return text.Length > 120 ? text[..120] : text;
    }
}
