using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;
using TransferPipeline.Shared.Oci.Cosign;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// What gathering put in the store for one request: the root digest and every blob, root first; for an image or OCI
/// artifact, the verified cosign signature of a registry that requires one and the manifests that travel with it
/// (upstream attachments, the low side's SBOMs); for a chart, the images it needs (<see cref="Parts"/>), gathered as parts
/// of the same request.
/// </summary>
internal sealed record GatheredArtifact(
    string Digest,
    string? MediaType,
    IReadOnlyList<RequestBlob> Blobs,
    CosignVerdict? Signature = null,
    IReadOnlyList<ManifestAttachment>? Attachments = null,
    IReadOnlyList<RequestPart>? Parts = null);
