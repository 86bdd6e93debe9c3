using System.Text.Json.Serialization;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Npm;

namespace TransferPipeline.Shared.Batches;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(ManifestTimeConverter)])]
[JsonSerializable(typeof(BatchManifest))]
[JsonSerializable(typeof(DebianPackageSet))]
[JsonSerializable(typeof(NpmPackageSet))]
internal sealed partial class BatchJsonContext : JsonSerializerContext;
