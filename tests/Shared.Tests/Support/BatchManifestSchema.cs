using System.Text.Json;
using Json.Schema;

namespace TransferPipeline.Shared.Tests.Support;

/// <summary>docs/batch-manifest.schema.json, loaded from the repository, and a verdict with the first errors for a document.</summary>
public sealed class BatchManifestSchema
{
    public static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private BatchManifestSchema(string text)
    {
        Text = text;
        Schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public string Text { get; }

    public JsonSchema Schema { get; }

    public static BatchManifestSchema Load() => new(File.ReadAllText(RepositoryFiles.Find("docs/batch-manifest.schema.json")));

    public (bool Valid, string Errors) Evaluate(JsonElement document)
    {
        var result = Schema.Evaluate(document, Options);
        return (result.IsValid, Errors(result));
    }

    public static string Errors(EvaluationResults result) =>
        result.IsValid
            ? "valid"
            : string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
                .Select(d => $"{d.InstanceLocation} {d.EvaluationPath}: {string.Join(", ", d.Errors!.Values)}").Take(5));
}
