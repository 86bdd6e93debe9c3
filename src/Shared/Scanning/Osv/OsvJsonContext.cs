using System.Text.Json.Serialization;

namespace TransferPipeline.Shared.Scanning.Osv;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    MaxDepth = 64)]
[JsonSerializable(typeof(OsvRecord))]
internal sealed partial class OsvJsonContext : JsonSerializerContext;
