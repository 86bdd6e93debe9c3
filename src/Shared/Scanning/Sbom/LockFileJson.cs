using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Sbom;

/// <summary>
/// Reads a JSON lock file (already under its size cap). A malformed one is skipped with a warning rather than failing
/// the whole SBOM: one broken file in a node_modules tree should not hide the image's other packages.
/// </summary>
internal static class LockFileJson
{
    private static readonly JsonDocumentOptions Options = new()
    {
        // npm v1 lock files nest a level per dependency depth.
        MaxDepth = 256,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static IReadOnlyList<PackageCoordinate> Parse(
        byte[] content,
        PackageFileContext context,
        Func<JsonElement, IEnumerable<PackageCoordinate>> read)
    {
        try
        {
            using var document = JsonDocument.Parse(content, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? [.. read(document.RootElement)]
                : Skip(context, "it is not a JSON object");
        }
        catch (JsonException ex)
        {
            return Skip(context, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // A field of the wrong JSON kind, e.g. a number where a version string belongs.
            return Skip(context, ex.Message);
        }
    }

    /// <summary>The string value of <paramref name="name"/>; null when absent; a value of another kind makes the file malformed.</summary>
    public static string? String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty(name, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidOperationException($"'{name}' is a {value.ValueKind}, not a string");
    }

    private static PackageCoordinate[] Skip(PackageFileContext context, string reason)
    {
        context.Warn(
            $"'{DisplayText.Printable(context.Path)}' was skipped: it is not a readable lock file ({DisplayText.Printable(reason)}).");
        return [];
    }
}
