using System.Text;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.Debian;
using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// The packages of one decompressed Packages index that can be installed on one architecture (theirs or <c>all</c>), by
/// name and by the virtual names they provide, read in one streaming pass.
/// </summary>
internal sealed class DebCandidateIndex
{
    private static readonly DebianVersionOrdering Versions = new();

    private readonly Dictionary<string, List<DebCandidate>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(DebCandidate Provider, string? Version)>> _providers = new(StringComparer.Ordinal);

    private DebCandidateIndex(string architecture) => Architecture = architecture;

    /// <summary>Debian version order (dpkg's).</summary>
    public static Comparer<string> ByVersion { get; } = Comparer<string>.Create(Versions.Compare);

    public string Architecture { get; }

    public static DebCandidateIndex Read(string indexPath, string architecture)
    {
        var index = new DebCandidateIndex(architecture);
        var ordinal = 0;
        try
        {
            using var reader = new StreamReader(indexPath, Encoding.UTF8);
            foreach (var stanza in Deb822Reader.Read(reader))
            {
                index.Add(stanza, ordinal++);
            }
        }
        catch (Deb822Exception ex)
        {
            throw new GatherRefusedException($"the Packages index is not well-formed: {ex.Message}", ex);
        }

        return index;
    }

    /// <summary>Every version of the real package <paramref name="name"/>, highest first.</summary>
    public IEnumerable<DebCandidate> Named(string name) =>
        _byName.TryGetValue(name, out var found) ? found.OrderByDescending(c => c.Version, ByVersion) : [];

    /// <summary>Packages providing virtual <paramref name="name"/>, with the version each provides (null: unversioned).</summary>
    public IEnumerable<(DebCandidate Provider, string? Version)> Providing(string name) =>
        _providers.TryGetValue(name, out var found) ? found : [];

    private void Add(Deb822Paragraph stanza, int ordinal)
    {
        var (package, version, architecture) = (stanza["Package"], stanza["Version"], stanza["Architecture"]);
        if ((architecture != Architecture && architecture != "all") || !DebianNames.IsPackage(package) || version is null
            || !Versions.IsValid(version))
        {
            return;
        }

        // An unreadable Provides provides nothing; an unreadable Depends is refused if the package is ever chosen.
        var provides = DebRelation.ParseField(stanza.Folded("Provides"))?.Where(g => g.Count == 1).Select(g => g[0])
            .Where(p => p.Operator is null or "=").ToList() ?? [];
        var candidate = new DebCandidate(package!, version, ordinal, stanza.Folded("Pre-Depends"), stanza.Folded("Depends"), provides);
        Collect(_byName, package!).Add(candidate);
        foreach (var provided in provides)
        {
            Collect(_providers, provided.Name).Add((candidate, provided.Version));
        }
    }

    private static List<T> Collect<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }
}
