using TransferPipeline.LowSide.Features.Gathering;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// The dependency closure of the packages a request names, as apt would install them on an empty system: Pre-Depends and
/// Depends (not Recommends or Suggests), one version per package (the highest that meets every relation that chose it),
/// an alternative already chosen wins over the others, else the first that can be met; virtual names through Provides
/// (a versioned relation only through a versioned provide); cycles end where a package is already chosen.
/// </summary>
internal sealed class DebResolver(DebCandidateIndex index, string where)
{
    private readonly Dictionary<string, DebCandidate> _chosen = new(StringComparer.Ordinal);
    private readonly Queue<DebCandidate> _pending = new();

    /// <summary>The chosen packages, the requested ones first, then in the order they were reached.</summary>
    public IReadOnlyList<DebCandidate> Resolve(IReadOnlyList<string> requested)
    {
        foreach (var name in requested)
        {
            var relation = new DebRelation(name, null, null, null);
            if (!IsMet(relation) && Choose(relation) is null)
            {
                throw new GatherRefusedException(
                    $"package {name} is not in {where} for {index.Architecture} (nor provided by a package there)");
            }
        }

        while (_pending.TryDequeue(out var package))
        {
            foreach (var group in Relations(package))
            {
                if (!group.Any(IsMet) && group.All(alternative => Choose(alternative) is null))
                {
                    throw new GatherRefusedException(LowSideReasons.DependencyUnsatisfiable,
                        $"{package.Package} {package.Version} depends on '{string.Join(" | ", group)}', which no package in {where} "
                        + $"for {index.Architecture} meets{Chosen(group)}");
                }
            }
        }

        return [.. _chosen.Values];
    }

    private IEnumerable<IReadOnlyList<DebRelation>> Relations(DebCandidate package)
    {
        foreach (var (field, text) in new[] { ("Pre-Depends", package.PreDepends), ("Depends", package.Depends) })
        {
            var groups = DebRelation.ParseField(text)
                ?? throw new GatherRefusedException(
                    $"{package.Package} {package.Version} has a malformed {field} field '{text}' in {where}");
            foreach (var group in groups)
            {
                yield return group;
            }
        }
    }

    private bool IsMet(DebRelation relation) =>
        relation.QualifierAllows(index.Architecture)
        && ((_chosen.TryGetValue(relation.Name, out var real) && relation.Accepts(real.Version))
            || index.Providing(relation.Name).Any(p => IsChosen(p.Provider) && Provides(relation, p.Version)));

    // The first alternative that can be met is chosen: a real package (the highest version meeting the relation, unless
    // another version of it is chosen already) before a package providing the name (by name, then highest version).
    private DebCandidate? Choose(DebRelation relation)
    {
        if (!relation.QualifierAllows(index.Architecture))
        {
            return null;
        }

        var choice = _chosen.ContainsKey(relation.Name)
            ? null
            : index.Named(relation.Name).FirstOrDefault(c => relation.Accepts(c.Version));
        choice ??= index.Providing(relation.Name)
            .Where(p => !_chosen.ContainsKey(p.Provider.Package) && Provides(relation, p.Version))
            .Select(p => p.Provider)
            .OrderBy(p => p.Package, StringComparer.Ordinal)
            .ThenByDescending(p => p.Version, DebCandidateIndex.ByVersion)
            .FirstOrDefault();
        if (choice is not null)
        {
            _chosen[choice.Package] = choice;
            _pending.Enqueue(choice);
        }

        return choice;
    }

    private bool IsChosen(DebCandidate candidate) =>
        _chosen.TryGetValue(candidate.Package, out var chosen) && ReferenceEquals(chosen, candidate);

    private static bool Provides(DebRelation relation, string? providedVersion) =>
        relation.Operator is null || (providedVersion is not null && relation.Accepts(providedVersion));

    private string Chosen(IReadOnlyList<DebRelation> group)
    {
        var conflicting = group.Select(r => _chosen.GetValueOrDefault(r.Name)).OfType<DebCandidate>().ToList();
        return conflicting.Count == 0 ? "" : $" ({string.Join(", ", conflicting)} chosen already)";
    }
}
