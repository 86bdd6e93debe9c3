using System.Text.Json;
using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>What reading a JSON lock file (package-lock.json, packages.lock.json) shares: parsing it, and its format's version.</summary>
internal static class JsonLockFile
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>The lock file's document; text that is no JSON is refused with <paramref name="reason"/>.</summary>
    public static JsonDocument Parse(string text, string reason)
    {
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException ex)
        {
            throw new GatherRefusedException(reason, $"the lock file is not JSON: {ex.Message}");
        }
    }

    /// <summary>The whole number <paramref name="root"/>'s property <paramref name="name"/> holds (the format's version); else 0.</summary>
    public static int Version(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;
}
