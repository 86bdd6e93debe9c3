using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>An officer's name, key files (PREFIX.key unencrypted, PREFIX.pub) and the low-side identities they hold.</summary>
internal sealed record OfficerKey(string Name, string Prefix, IReadOnlyList<string> Requesters)
{
    public OfficerKey(string name, string prefix)
        : this(name, prefix, [])
    {
    }

    public string SecretKeyFile => Prefix + ".key";

    public string PublicKeyFile => Prefix + ".pub";

    public MinisignSecretKey Load() => MinisignSecretKey.Load(SecretKeyFile, []);

    public RosterOfficer ToRosterOfficer() => new()
    {
        Name = Name,
        PublicKey = MinisignPublicKey.Load(PublicKeyFile).ToBase64(),
        Requesters = Requesters,
        Active = true,
    };
}
