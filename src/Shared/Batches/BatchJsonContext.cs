using System.Text.Json.Serialization;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Npm;
using TransferPipeline.Shared.PyPI;
using TransferPipeline.Shared.NuGet;

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
[JsonSerializable(typeof(PyPIPackageSet))]
[JsonSerializable(typeof(NuGetPackageSet))]
internal sealed partial class BatchJsonContext : JsonSerializerContext;
