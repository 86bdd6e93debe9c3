using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// .NET's <c>*.deps.json</c>: each <c>libraries</c> entry <c>"NAME/VERSION"</c> of type <c>package</c> is a NuGet package.
/// </summary>
internal sealed class DepsJsonParser : IPackageFileParser
{
    public long MaxBytes => 8L * 1024 * 1024;

    public bool Matches(string path) => ImagePaths.FileName(path).EndsWith(".deps.json", StringComparison.Ordinal);

    public IEnumerable<PackageCoordinate> Parse(byte[] content, PackageFileContext context) =>
        LockFileJson.Parse(content, context, Libraries);

    private static IEnumerable<PackageCoordinate> Libraries(JsonElement root)
    {
        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var library in libraries.EnumerateObject())
        {
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == library.Name.Length - 1 || LockFileJson.String(library.Value, "type") != "package")
            {
                continue;
            }

            yield return PackageCoordinates.NuGetPackage(library.Name[..slash], library.Name[(slash + 1)..]);
        }
    }
}
