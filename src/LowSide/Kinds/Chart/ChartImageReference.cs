using TransferPipeline.Shared;
using TransferPipeline.Shared.Oci;

namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>Turns a reference as charts write it (Docker-style, registry and tag optional) into a fully qualified one.</summary>
internal static class ChartImageReference
{
    private const string DockerHub = "docker.io";

    /// <summary>
    /// No registry (the first of several components has no '.' or ':' and is not localhost) means docker.io; one Docker Hub
    /// component means library/; no tag and no digest means :latest. The result must parse as an <see cref="ImageReference"/>.
    /// </summary>
    public static string Normalise(string value, string origin)
    {
        var text = value.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !LooksLikeRegistry(name[..slash]))
        {
            name = $"{DockerHub}/{name}";
            slash = DockerHub.Length;
        }

        if (name[..slash] == DockerHub && name.IndexOf('/', slash + 1) < 0)
        {
            name = $"{DockerHub}/library/{name[(slash + 1)..]}";
        }

        if (at < 0 && name.LastIndexOf(':') < name.LastIndexOf('/'))
        {
            name += ":latest";
        }

        var normalised = at < 0 ? name : name + text[at..];
        if (!ImageReference.TryParse(normalised, out var reference, out var error))
        {
            throw new ChartImageException(
                $"{origin}: '{DisplayText.Printable(value)}' is not a usable image reference ({error})");
        }

        return reference.ToString();
    }

    private static bool LooksLikeRegistry(string component) =>
        component.Contains('.', StringComparison.Ordinal)
        || component.Contains(':', StringComparison.Ordinal)
        || component.Equals("localhost", StringComparison.OrdinalIgnoreCase);
}
