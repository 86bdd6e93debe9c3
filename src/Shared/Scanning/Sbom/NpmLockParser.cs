using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// npm's <c>package-lock.json</c>: lockfileVersion 2 and 3 list every installed package in <c>packages</c> under keys
/// <c>node_modules/NAME</c> (nested ones repeat the prefix); version 1 nests them in a <c>dependencies</c> tree.
/// Linked and workspace packages, and versions that are not registry versions (git, file, URLs), are left out:
/// vulnerability data cannot name them.
/// </summary>
internal sealed class NpmLockParser : IPackageFileParser
{
    private const string ModulesPrefix = "node_modules/";

    public long MaxBytes => 8L * 1024 * 1024;

    public bool Matches(string path) => ImagePaths.FileName(path) == "package-lock.json";

    public IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context) =>
        LockFileJson.Parse(content, context, root =>
            root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object
                ? FromPackages(packages)
                : root.TryGetProperty("dependencies", out var dependencies)
                    ? FromDependencies(dependencies)
                    : []);

    private static IEnumerable<PackageCoordinate> FromPackages(JsonElement packages)
    {
        foreach (var entry in packages.EnumerateObject())
        {
            var modules = entry.Name.LastIndexOf(ModulesPrefix, StringComparison.Ordinal);
            if (modules < 0 || entry.Value.ValueKind != JsonValueKind.Object
                || entry.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            var name = LockFileJson.String(entry.Value, "name") ?? entry.Name[(modules + ModulesPrefix.Length)..];
            if (Coordinate(name, LockFileJson.String(entry.Value, "version")) is { } coordinate)
            {
                yield return coordinate;
            }
        }
    }

    private static IEnumerable<PackageCoordinate> FromDependencies(JsonElement dependencies)
    {
        if (dependencies.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var entry in dependencies.EnumerateObject())
        {
            if (Coordinate(entry.Name, LockFileJson.String(entry.Value, "version")) is { } coordinate)
            {
                yield return coordinate;
            }

            if (entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty("dependencies", out var nested))
            {
                foreach (var child in FromDependencies(nested))
                {
                    yield return child;
                }
            }
        }
    }

    private static PackageCoordinate? Coordinate(string name, string? version) =>
        name.Length == 0 || string.IsNullOrEmpty(version) || version.Contains(':', StringComparison.Ordinal)
        || version.Contains('/', StringComparison.Ordinal)
            ? null
            : PackageCoordinates.NpmPackage(name, version);
}
