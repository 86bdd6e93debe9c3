namespace TransferPipeline.HighSide.Kinds.Deb;

/// <summary>
/// Mirrors:Debian and its companions: the apt mirror's root directory (unset, deb artifacts cannot be published), what its
/// Release files call themselves, and the OpenPGP key that signs them (unset, the high side's own generated key).
/// </summary>
internal sealed class DebMirrorOptions
{
    public const string Section = "Mirrors";

    public const string DefaultLabel = "TransferPipeline";

    public string? Debian { get; set; }

    /// <summary>The Release files' Origin; unset, the site id.</summary>
    public string? DebianOrigin { get; set; }

    /// <summary>The Release files' Label; unset, <see cref="DefaultLabel"/>.</summary>
    public string? DebianLabel { get; set; }

    /// <summary>
    /// An operator-provided ASCII-armoured OpenPGP secret key without a passphrase; relative paths are in the data directory.
    /// </summary>
    public string? DebianSigningKey { get; set; }
}
