namespace TransferPipeline.LowSide.Features.Sources;

/// <summary>How to reach one registry. The password is never logged.</summary>
internal sealed class RegistrySourceOptions
{
    public string Host { get; set; } = "";
    public bool PlainHttp { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public RegistryCosignOptions Cosign { get; set; } = new();

    public override string ToString() =>
        $"{Host} (plain http: {PlainHttp}, user: {Username ?? "anonymous"}, cosign keys: {Cosign.PublicKeys.Count})";
}
