namespace TransferPipeline.LowSide.Kinds.Chart;

/// <summary>
/// Finds images in a chart's (merged) values: under a key naming an image (it contains "image" and does not name a
/// part or a policy, such as imagePullPolicy or imageRegistry) a string is a reference and a mapping with
/// <c>repository</c> is assembled from registry, repository, tag and digest, the tag defaulting to the chart's appVersion
/// and the registry to <c>global.imageRegistry</c> (or <c>global.image.registry</c>). Under a key ending in "images" every
/// entry is an image. Values that are empty or hold <c>{{</c> are skipped: Helm renders them at install time.
/// </summary>
internal sealed class ChartValueImages
{
    private static readonly string[] NotAnImage =
        ["pullpolicy", "policy", "secret", "secrets", "credentials", "registry", "repository", "tag", "digest", "name", "version"];

    private readonly string _file;
    private readonly string? _appVersion;
    private readonly string? _globalRegistry;
    private readonly ChartImageSet _found;

    private ChartValueImages(string file, string? appVersion, string? globalRegistry, ChartImageSet found)
    {
        (_file, _appVersion, _globalRegistry, _found) = (file, appVersion, globalRegistry, found);
    }

    private enum Key
    {
        Other,
        Image,
        Images,
    }

    public static void Find(Dictionary<string, object?> values, string file, string? appVersion, ChartImageSet found)
    {
        var global = ChartYaml.Map(values.GetValueOrDefault("global"));
        var registry = ChartYaml.Text(global?.GetValueOrDefault("imageRegistry"))
            ?? ChartYaml.Text(ChartYaml.Map(global?.GetValueOrDefault("image"))?.GetValueOrDefault("registry"));
        new ChartValueImages(file, appVersion, registry, found).Walk(values, string.Empty, Key.Other);
    }

    private static Key Classify(string key, Key parent)
    {
        var lower = key.ToLowerInvariant();
        if (NotAnImage.Any(lower.EndsWith))
        {
            return Key.Other;
        }

        return lower.EndsWith("images", StringComparison.Ordinal) ? Key.Images
            : lower.Contains("image", StringComparison.Ordinal) || parent == Key.Images ? Key.Image
            : Key.Other;
    }

    private static bool Templated(string? text) => text?.Contains("{{", StringComparison.Ordinal) == true;

    private static bool HasRegistry(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && (repository[..slash].Contains('.', StringComparison.Ordinal)
            || repository[..slash].Contains(':', StringComparison.Ordinal) || repository[..slash] == "localhost");
    }

    private void Walk(object? node, string path, Key key)
    {
        switch (node)
        {
            case string text when key != Key.Other:
                if (ChartYaml.Text(text) is { } reference && !Templated(reference))
                {
                    _found.Add(reference, $"{_file} {path}");
                }

                break;
            case Dictionary<string, object?> map when key != Key.Other && map.ContainsKey("repository"):
                Assemble(map, path);
                break;
            case Dictionary<string, object?> map:
                foreach (var (name, value) in map)
                {
                    Walk(value, path.Length == 0 ? name : $"{path}.{name}", Classify(name, key));
                }

                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    Walk(list[i], $"{path}[{i}]", key);
                }

                break;
        }
    }

    private void Assemble(Dictionary<string, object?> map, string path)
    {
        var repository = ChartYaml.Text(map["repository"]);
        var registry = ChartYaml.Text(map.GetValueOrDefault("registry"));
        var tag = ChartYaml.Text(map.GetValueOrDefault("tag"));
        var digest = ChartYaml.Text(map.GetValueOrDefault("digest"));
        if (repository is null || new[] { repository, registry, tag, digest }.Any(Templated))
        {
            return;
        }

        List<string> parts = registry is not null ? ["registry"] : [];
        if (registry is null && _globalRegistry is not null && !HasRegistry(repository))
        {
            (registry, parts) = (_globalRegistry, ["global registry"]);
        }

        parts.Add("repository");
        if (tag is null && digest is null && _appVersion is not null)
        {
            (tag, parts) = (_appVersion, [.. parts, "appVersion"]);
        }
        else if (tag is not null)
        {
            parts.Add("tag");
        }

        if (digest is not null)
        {
            parts.Add("digest");
        }

        var reference = (registry is null ? string.Empty : registry.TrimEnd('/') + "/") + repository
            + (tag is null ? string.Empty : ":" + tag) + (digest is null ? string.Empty : "@" + digest);
        _found.Add(reference, $"{_file} {path} ({string.Join('/', parts)})");
    }
}
