namespace TransferPipeline.Conformance;

/// <summary>One vector as index.json lists it: a volume, the trust inputs to verify it with, and the verdict expected.</summary>
/// <param name="Id">Stable id, also the vector's directory under the set.</param>
/// <param name="Rule">The rule id (batch format v1) the vector tests.</param>
/// <param name="Description">The one fault, or what the valid volume shows.</param>
/// <param name="Volume">The volume directory, relative to the set's root.</param>
/// <param name="Trust">The keys and site to verify with.</param>
/// <param name="Expect">"valid" or "invalid".</param>
/// <param name="Reason">The reason code an invalid volume yields; null for a valid one.</param>
/// <param name="ManifestSchema">"valid" or "invalid": whether its manifest.json passes a JSON Schema of the manifest.</param>
public sealed record ConformanceVector(
    string Id, string Rule, string Description, string Volume, VectorTrust Trust, string Expect, string? Reason, string ManifestSchema);
