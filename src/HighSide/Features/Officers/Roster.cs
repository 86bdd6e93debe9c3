using TransferPipeline.Shared.Minisign;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>The roster in force: the newest version whose whole chain of signatures verifies.</summary>
internal sealed record Roster(RosterDocument Document, string Sha256)
{
    public long Version => Document.Version;

    public int Threshold => Document.Threshold;

    public IReadOnlyList<RosterOfficer> Officers => Document.Officers;

    public IReadOnlyList<RosterOfficer> Active => [.. Officers.Where(o => o.Active)];

    /// <summary>The active officers' keys, to find who made a signature.</summary>
    public IReadOnlyList<MinisignPublicKey> ActiveKeys => [.. Active.Select(o => o.Key)];

    /// <summary>The officer holding this raw key, active or not, whatever key id a signature names.</summary>
    public RosterOfficer? ByKey(MinisignPublicKey key) => Officers.FirstOrDefault(o => o.Key.Key.Equals(key.Key));

    public RosterOfficer? ByName(string name) => Officers.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
}
