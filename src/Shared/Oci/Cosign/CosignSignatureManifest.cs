namespace TransferPipeline.Shared.Oci.Cosign;

/// <summary>A manifest holding cosign signatures (a <c>.sig</c> tag or a referrer), and its digest.</summary>
/// <param name="Digest">The manifest's digest, as reported in verdicts.</param>
/// <param name="Manifest">The parsed manifest; its simple-signing layers are the signatures.</param>
public sealed record CosignSignatureManifest(Digest Digest, ImageManifest Manifest);
