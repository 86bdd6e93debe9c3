using System.Text.RegularExpressions;
using TransferPipeline.LowSide.Features.Gathering;
using TransferPipeline.Shared.PyPI;

namespace TransferPipeline.LowSide.Kinds.PyPI;

/// <summary>
/// Reads a requirements file in pip's hash-checking form (what <c>pip-compile --generate-hashes</c> writes): one requirement
/// per logical line (a final '\' continues it), <c>name[extras]==version</c> with an optional environment marker, and one or
/// more <c>--hash=sha256:HEX</c>; comments and blank lines are skipped. Anything else (options such as <c>-e</c>, <c>-r</c>
/// or <c>--index-url</c>, URLs, paths, ranges, a requirement without a hash) refuses the whole file with
/// <see cref="PyPIReasons.RequirementsInvalid"/>: what cannot be checked against the index is not gathered.
/// </summary>
internal static partial class PyPIRequirementsFile
{
    /// <summary>Most requirements one file may list.</summary>
    public const int MaxRequirements = 5_000;

    // Markers are kept out of the pin: every hashed file of the release is carried, whichever environment installs it.
    [GeneratedRegex("^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[A-Za-z0-9._,\\s-]*\\])?\\s*==\\s*(?<version>[^\\s;=]+)\\s*(?:;.*)?\\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Requirement();

    [GeneratedRegex("^sha256:(?<hex>[0-9a-fA-F]{64})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Hash();

    [GeneratedRegex("(^|\\s)#.*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    /// <summary>The requirements <paramref name="text"/> lists, in name order.</summary>
    public static IReadOnlyList<PyPIRequirement> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var requirements = new Dictionary<string, PyPIRequirement>(StringComparer.Ordinal);
        foreach (var (number, line) in LogicalLines(text))
        {
            var requirement = Parse(number, line);
            if (!requirements.TryAdd(requirement.Pin.Name, requirement))
            {
                throw Invalid($"line {number}: {requirement.Pin.Name} is required twice");
            }

            if (requirements.Count > MaxRequirements)
            {
                throw Invalid($"the file lists more than {MaxRequirements} requirements");
            }
        }

        return requirements.Count == 0
            ? throw Invalid("the file lists no requirement")
            : [.. requirements.Values.OrderBy(r => r.Pin.Name, StringComparer.Ordinal)];
    }

    // pip's order: comments are removed from each physical line, then continuations are joined.
    private static IEnumerable<(int Number, string Line)> LogicalLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var joined = "";
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Comment().Replace(lines[i], "");
            start = joined.Length == 0 ? i + 1 : start;
            if (line.EndsWith('\\'))
            {
                joined += line[..^1] + " ";
                continue;
            }

            joined += line;
            if (joined.Trim().Length > 0)
            {
                yield return (start, joined.Trim());
            }

            joined = "";
        }

        if (joined.Trim().Length > 0)
        {
            yield return (start, joined.Trim());
        }
    }

    private static PyPIRequirement Parse(int number, string line)
    {
        if (line.StartsWith('-'))
        {
            throw Invalid($"line {number}: option '{line.Split(' ')[0]}' is not accepted: the request names the index, and every "
                + "requirement must be a pinned release with hashes (no -e, -r, -c, --index-url, --find-links)");
        }

        var tokens = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var first = Array.FindIndex(tokens, t => t.StartsWith("--", StringComparison.Ordinal));
        var specifier = string.Join(' ', first < 0 ? tokens : tokens[..first]);
        if (Requirement().Match(specifier) is not { Success: true } match)
        {
            throw Invalid($"line {number}: '{specifier}' is not a requirement pinned with '==' to one version (URLs, paths, ranges and "
                + "'===' cannot be checked against the index)");
        }

        var name = PyPINames.Normalize(match.Groups["name"].Value);
        var version = PyPIVersions.Normalize(match.Groups["version"].Value);
        if (name is null || !PyPINames.IsProjectName(name) || version is null)
        {
            throw Invalid($"line {number}: '{specifier}' has no valid project name and PEP 440 version");
        }

        var hashes = Hashes(number, first < 0 ? [] : tokens[first..]);
        return hashes.Count == 0
            ? throw Invalid($"line {number}: {name}=={version} has no --hash=sha256:...: only hash-checking requirements files are accepted")
            : new PyPIRequirement(new PyPIPin(name, version), hashes);
    }

    private static HashSet<string> Hashes(int number, string[] options)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Length; i++)
        {
            var value = options[i] == "--hash" && i + 1 < options.Length ? options[++i]
                : options[i].StartsWith("--hash=", StringComparison.Ordinal) ? options[i]["--hash=".Length..]
                : throw Invalid($"line {number}: option '{options[i]}' is not accepted on a requirement (only --hash)");
            hashes.Add(Hash().Match(value) is { Success: true } hash
                ? hash.Groups["hex"].Value.ToLowerInvariant()
                : throw Invalid($"line {number}: hash '{value}' is not sha256: and 64 hex digits"));
        }

        return hashes;
    }

    private static GatherRefusedException Invalid(string message) => new(PyPIReasons.RequirementsInvalid, message);
}
