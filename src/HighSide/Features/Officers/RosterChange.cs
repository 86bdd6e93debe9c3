using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>One change to the roster, applied to the roster in force to make the next version's officers.</summary>
internal abstract record RosterChange
{
    /// <summary>The change in words, as the document says it to the officers who sign it.</summary>
    public abstract string Describe();

    /// <summary>The next version's officers and threshold, or why the change cannot be made to <paramref name="current"/>.</summary>
    public abstract Outcome<(IReadOnlyList<RosterOfficer> Officers, int Threshold)> Apply(Roster? current);

    /// <summary>Raw keys this change retires, besides those retired before.</summary>
    public virtual IReadOnlyList<string> Retires(Roster? current) => [];

    protected static Failure NoRoster() =>
        new(OfficerReasons.NoRoster, "there is no officer roster yet: found one with `highside officer found` first", FailureKind.Conflict);

    protected static Failure NotFound(string name) => new(OfficerReasons.NotFound, $"no officer '{name}' on the roster", FailureKind.NotFound);
}
