namespace TransferPipeline.Conformance;

/// <summary>What a verifier trusts for one vector: public key files (relative to the set's root), and the site they are bound to.</summary>
public sealed record VectorTrust(IReadOnlyList<string> Keys, string? Site);
