using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Batches;

/// <summary>A manifest whose signature, signer, trusted comment and rules all checked out.</summary>
internal sealed record SignedManifest(BatchManifest Manifest, string Sha256, MinisignPublicKey SigningKey);
