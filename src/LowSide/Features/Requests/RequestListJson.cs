using System.Text.Json;
using System.Text.Json.Serialization;

namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>
/// The request list's JSON, generated at build time so that the Native AOT front can write it: the options of every other
/// command's <c>--json</c> (web defaults, indented).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<ArtifactRequest>))]
internal sealed partial class RequestListJson : JsonSerializerContext;
