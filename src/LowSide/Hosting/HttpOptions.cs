namespace TransferPipeline.LowSide.Hosting;

/// <summary>Configuration section "Http": where `lowside serve` listens (loopback by default).</summary>
internal sealed class HttpOptions
{
    public const string Section = "Http";

    public string Urls { get; set; } = "http://127.0.0.1:8480";
}
