using System.Globalization;
using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>Reading a scanner's JSON output as hostile input: any element of the wrong type refuses the whole output.</summary>
internal static class HookJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static JsonDocument Parse(ReadOnlyMemory<byte> json, string format)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw ScannerOutputException.Malformed($"the output is not valid {format} JSON: {DisplayText.Printable(ex.Message, 200)}");
        }
    }

    public static JsonElement RequireObject(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object ? element : throw WrongType(where, "an object");

    /// <summary>The property as an object, or null when it is absent or JSON null.</summary>
    public static JsonElement? Object(JsonElement parent, string name, string where) =>
        Get(parent, name, JsonValueKind.Object, where, "an object");

    /// <summary>The elements of an array property; none when it is absent or JSON null.</summary>
    public static JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string where) =>
        Get(parent, name, JsonValueKind.Array, where, "an array") is { } array ? array.EnumerateArray() : default;

    public static int ArrayLength(JsonElement parent, string name, string where) =>
        Get(parent, name, JsonValueKind.Array, where, "an array") is { } array ? array.GetArrayLength() : 0;

    public static string? String(JsonElement parent, string name, string where) =>
        Get(parent, name, JsonValueKind.String, where, "a string")?.GetString();

    public static int? Integer(JsonElement parent, string name, string where) =>
        Get(parent, name, JsonValueKind.Number, where, "a number") is { } number && number.TryGetInt32(out var value)
            ? value
            : null;

    /// <summary>A number given as a JSON number or a string ("7.5", as GitHub's <c>security-severity</c> is); null otherwise.</summary>
    public static double? Number(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var number) => number,
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                => number,
            _ => null,
        };
    }

    private static JsonElement? Get(JsonElement parent, string name, JsonValueKind kind, string where, string expected)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw WrongType($"{where}.{name}", expected);
    }

    private static ScannerOutputException WrongType(string where, string expected) =>
        ScannerOutputException.Malformed($"{where} is not {expected}");
}
