using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>The founding ceremony: the first roster, signed by every founding officer.</summary>
internal sealed record FoundRoster(IReadOnlyList<RosterOfficer> Founders, int Threshold) : RosterChange
{
    public override string Describe() => $"found the roster: {string.Join(", ", Founders.Select(f => f.Name))}; {Threshold} approvals needed";

    public override Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Apply(Roster? current) =>
        current is null
            ? (Founders, Threshold)
            : new Failure(OfficerReasons.RosterExists, $"roster version {current.Version} is in force; change it with a proposal instead",
                FailureKind.Conflict);
}

/// <summary>A new officer with their key and the requester identities they hold on the low side.</summary>
internal sealed record AddOfficer(RosterOfficer Officer) : RosterChange
{
    public override string Describe() => $"add officer {Officer.Name}";

    public override Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Apply(Roster? current) =>
        current is null ? NoRoster() : ([.. current.Officers, Officer], current.Threshold);
}

/// <summary>An officer who may no longer decide or sign roster changes (their key stays on the roster, so it can never come back under another name).</summary>
internal sealed record DisableOfficer(string Name) : RosterChange
{
    public override string Describe() => $"disable officer {Name}";

    public override Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Apply(Roster? current) =>
        Replace(current, Name, o => o with { Active = false });

    internal static Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Replace(Roster? current, string name,
        Func<RosterOfficer, RosterOfficer> change)
    {
        if (current is null)
        {
            return NoRoster();
        }

        return current.ByName(name) is { } officer
            ? ([.. current.Officers.Select(o => o == officer ? change(o) : o)], current.Threshold)
            : NotFound(name);
    }
}

/// <summary>An officer's new key replaces the old one (the old key must not come back).</summary>
internal sealed record RotateOfficerKey(string Name, string PublicKey) : RosterChange
{
    public override string Describe() => $"rotate the key of officer {Name}";

    public override Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Apply(Roster? current) =>
        DisableOfficer.Replace(current, Name, o => o with { PublicKey = PublicKey });

    public override IReadOnlyList<string> Retires(Roster? current) => current?.ByName(Name) is { } officer ? [officer.RawKey] : [];
}

/// <summary>More requester identities an officer holds on the low side.</summary>
internal sealed record LinkRequesters(string Name, IReadOnlyList<string> Requesters) : RosterChange
{
    public override string Describe() => $"link {string.Join(", ", Requesters)} to officer {Name}";

    public override Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Apply(Roster? current) =>
        DisableOfficer.Replace(current, Name, o => o with { Requesters = [.. o.Requesters, .. Requesters] });
}
