using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TransferPipeline.Shared.Audit;

namespace TransferPipeline.Hosting.Notifications;

/// <summary>
/// The details of an audit entry, read by member name in any case (the recording code names them as it likes:
/// <c>Sequence</c>, <c>reason</c>). Never throws: a member that is missing or of another type reads as null or empty.
/// </summary>
public sealed class AuditDetails
{
    private static readonly JsonNodeOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    private readonly JsonObject _members;

    private AuditDetails(JsonObject members) => _members = members;

    public static AuditDetails Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Parse(entry.DetailsJson);
    }

    /// <summary>The details as a stored entry's <c>details_json</c> column holds them.</summary>
    public static AuditDetails Parse(string detailsJson)
    {
        ArgumentNullException.ThrowIfNull(detailsJson);
        try
        {
            return new AuditDetails(JsonNode.Parse(detailsJson, CaseInsensitive) as JsonObject ?? new JsonObject(CaseInsensitive));
        }
        catch (JsonException)
        {
            return new AuditDetails(new JsonObject(CaseInsensitive));
        }
    }

    /// <summary>A string member, or a number as its decimal text.</summary>
    public string? Text(string name) => _members[name] is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        }
        : null;

    public long? Number(string name) =>
        _members[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>The strings of an array member; empty when there is none.</summary>
    public IReadOnlyList<string> Texts(string name) => _members[name] is JsonArray items
        ? [.. items.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())]
        : [];
}
