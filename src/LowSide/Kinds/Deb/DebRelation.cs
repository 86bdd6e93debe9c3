using System.Text.RegularExpressions;
using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.LowSide.Kinds.Deb;

/// <summary>
/// One package relation as Debian policy 7.1 writes it in Depends, Pre-Depends and Provides: a name, an optional
/// architecture qualifier (<c>:any</c>, <c>:native</c>) and an optional version constraint (<c>(&gt;= 1.2)</c>).
/// </summary>
internal sealed partial record DebRelation(string Name, string? Qualifier, string? Operator, string? Version)
{
    private static readonly DebianVersionOrdering Versions = new();

    [GeneratedRegex(
        "^(?<name>[a-z0-9][a-z0-9+.-]+)(?::(?<qualifier>[a-z0-9-]+))?"
            + "\\s*(?:\\(\\s*(?<op><<|<=|>=|>>|=|<|>)\\s*(?<version>[^\\s()]+)\\s*\\))?\\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex RelationPattern();

    /// <summary>
    /// A relationship field: groups that must all hold (separated by commas), each a list of alternatives (separated by
    /// <c>|</c>); null when any part is not a relation.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DebRelation>>? ParseField(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return [];
        }

        var groups = new List<IReadOnlyList<DebRelation>>();
        foreach (var group in field.Split(','))
        {
            var alternatives = group.Split('|').Select(Parse).ToList();
            if (alternatives.Any(a => a is null))
            {
                return null;
            }

            groups.Add(alternatives!);
        }

        return groups;
    }

    public static DebRelation? Parse(string text)
    {
        var match = RelationPattern().Match(text.Trim(' ', '\t', '\n'));
        if (!match.Success || (match.Groups["version"].Success && !Versions.IsValid(match.Groups["version"].Value)))
        {
            return null;
        }

        // "<" and ">" are dpkg's obsolete spellings of "<=" and ">=".
        var op = match.Groups["op"].Success ? match.Groups["op"].Value switch { "<" => "<=", ">" => ">=", var o => o } : null;
        return new DebRelation(
            match.Groups["name"].Value,
            match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null,
            op,
            match.Groups["version"].Success ? match.Groups["version"].Value : null);
    }

    /// <summary>Whether a package for <paramref name="architecture"/> can meet the relation's qualifier.</summary>
    public bool QualifierAllows(string architecture) => Qualifier is null or "any" or "native" || Qualifier == architecture;

    /// <summary>Whether <paramref name="version"/> meets the constraint (any version does when there is none).</summary>
    public bool Accepts(string version)
    {
        if (Operator is null)
        {
            return true;
        }

        var order = Versions.Compare(version, Version!);
        return Operator switch
        {
            "<<" => order < 0,
            "<=" => order <= 0,
            "=" => order == 0,
            ">=" => order >= 0,
            _ => order > 0,
        };
    }

    public override string ToString() =>
        Name + (Qualifier is null ? "" : ":" + Qualifier) + (Operator is null ? "" : $" ({Operator} {Version})");
}
