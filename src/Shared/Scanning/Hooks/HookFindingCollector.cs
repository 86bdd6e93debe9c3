using System.Security.Cryptography;
using System.Text;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// Turns what a parser read into findings: stable ids <c>hook:NAME:RULEID@LOCATION</c>, strings capped and made printable,
/// at most <see cref="MaxFindings"/> results (more refuses the output). Two results with the same id (one CVE reported
/// twice for the same place) are one finding, at the higher severity.
/// </summary>
internal sealed class HookFindingCollector(string scannerName, ArtifactScope scope)
{
    public const int MaxFindings = 10_000;
    public const int MaxIdLength = 512;
    public const int MaxTitleLength = 1_000;

    private const int HashSuffixLength = 16;

    private readonly List<ScanFinding> _findings = [];
    private readonly Dictionary<string, int> _indexById = new(StringComparer.Ordinal);
    private int _results;

    public IReadOnlyList<ScanFinding> Findings => _findings;

    /// <summary>
    /// Adds what the tool reported as <paramref name="ruleId"/> (a CVE id, a rule id) at <paramref name="location"/>
    /// (from <see cref="ArtifactScope"/>: a path in the artifact, "" for the artifact itself, or a package URL).
    /// </summary>
    public void Add(
        string ruleId,
        string location,
        ScanSeverity severity,
        string? title,
        string? dataVersion,
        string? package = null,
        string? installedVersion = null)
    {
        if (++_results > MaxFindings)
        {
            throw ScannerOutputException.Malformed($"the output holds more than {MaxFindings} findings");
        }

        var rule = DisplayText.Printable(ruleId, ruleId.Length);
        var where = DisplayText.Printable(location.Length == 0 ? scope.Name : location, Math.Max(location.Length, scope.Name.Length));
        var subject = Cap(where, MaxIdLength);
        var finding = new ScanFinding(
            StableId($"{scannerName}:{rule}@{where}"),
            ScanFindingKind.Vulnerability,
            scannerName,
            severity,
            subject,
            OneLine(title) is { Length: > 0 } line ? line : Cap(rule, MaxTitleLength),
            Optional(dataVersion),
            Optional(package),
            Optional(installedVersion));
        if (!_indexById.TryGetValue(finding.Id, out var index))
        {
            _indexById.Add(finding.Id, _findings.Count);
            _findings.Add(finding);
        }
        else if (finding.Severity > _findings[index].Severity)
        {
            _findings[index] = finding;
        }
    }

    // Long ids keep their start and end in a hash, so they stay stable and distinct within the 512 characters.
    private static string StableId(string id)
    {
        if (id.Length <= MaxIdLength)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..HashSuffixLength];
        return $"{id[..(MaxIdLength - HashSuffixLength - 1)]}~{hash}";
    }

    private static string OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxTitleLength));
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(builder.Length == 0 ? "" : " ").Append(word);
            if (builder.Length > MaxTitleLength)
            {
                break;
            }
        }

        return Cap(builder.ToString(), MaxTitleLength);
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : Cap(text, MaxIdLength);

    /// <summary>Printable, at most <paramref name="maxLength"/> characters, an ellipsis marking a cut.</summary>
    private static string Cap(string text, int maxLength) =>
        DisplayText.Printable(text, text.Length > maxLength ? maxLength - 1 : maxLength);
}
