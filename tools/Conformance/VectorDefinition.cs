namespace TransferPipeline.Conformance;

/// <summary>
/// A vector before it is built: what it tests and expects, and how to make its volume (returns the volume's path).
/// </summary>
internal sealed record VectorDefinition(
    string Id, string Rule, string Description, string? Reason, SchemaVerdict Schema, Func<VectorBuild, Task<string>> BuildAsync)
{
    /// <summary>The key the verifier is given.</summary>
    public string TrustKey { get; init; } = ConformanceKeys.SiteA;

    /// <summary>The site the trusted key is bound to (verify --site); null for any site.</summary>
    public string? Site { get; init; }

    public ConformanceVector ToVector(string volume) => new(
        Id, Rule, Description, volume, new VectorTrust([ConformanceKeys.PublicKeyPath(TrustKey)], Site),
        Reason is null ? "valid" : "invalid", Reason, Schema == SchemaVerdict.Passes ? "valid" : "invalid");
}
