using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.Shared.Batches;

/// <summary>A low-side key the verifier accepts, bound to a site (null: any site) and possibly revoked.</summary>
public sealed record TrustedSigningKey(MinisignPublicKey PublicKey, string? SiteId, bool Revoked = false);
