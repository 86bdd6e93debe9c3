using System.Text.Json.Nodes;

namespace TransferPipeline.Shared.Tests.Batches;

/// <summary>
/// One edit of a written manifest.json that touches one field-level rule of the batch format, and whether the
/// edited manifest is still valid under that rule's id (<paramref name="Rule"/>).
/// </summary>
internal sealed record ManifestMutation(string Rule, string Scenario, bool Valid, Action<JsonObject> Edit)
{
    public override string ToString() => $"{Rule} {Scenario}";
}
