using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>An officer's name and key files (PREFIX.key unencrypted, PREFIX.pub).</summary>
internal sealed record OfficerKey(string Name, string Prefix)
{
    public string SecretKeyFile => Prefix + ".key";

    public string PublicKeyFile => Prefix + ".pub";

    public MinisignSecretKey Load() => MinisignSecretKey.Load(SecretKeyFile, []);
}
