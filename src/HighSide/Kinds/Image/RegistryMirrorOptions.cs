namespace TransferPipeline.HighSide.Kinds.Image;

/// <summary>The internal OCI registry. <see cref="Password"/> is a secret: never logged.</summary>
internal sealed class RegistryMirrorOptions
{
    public const string Section = "Mirrors:Registry";

    /// <summary>For example http://127.0.0.1:5000 or https://registry.internal; unset: images cannot be published.</summary>
    public string? Url { get; set; }

    /// <summary>Plain HTTP instead of https; the OCI client allows it for loopback hosts only.</summary>
    public bool PlainHttp { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Host => Url is null ? null : new Uri(Url).Authority;

    public override string ToString() => $"{Url} (user {Username ?? "anonymous"}, password hidden)";
}
