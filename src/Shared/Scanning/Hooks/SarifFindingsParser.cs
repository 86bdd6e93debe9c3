using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// SARIF 2.1.0 as Trivy and Grype write it: one finding per <c>runs[].results[]</c> (results of kind <c>pass</c> or
/// <c>notApplicable</c> are not problems). Severity from <c>properties.security-severity</c> on the result or its rule,
/// else from the level. Every location of every result must lie in the scanned artifact.
/// </summary>
internal static class SarifFindingsParser
{
    public const string Version = "2.1.0";

    private const int MaxBaseDepth = 4;

    public static IReadOnlyList<ScanFinding> Parse(ReadOnlyMemory<byte> json, string scannerName, ArtifactScope scope)
    {
        using var document = HookJson.Parse(json, "SARIF");
        var log = HookJson.RequireObject(document.RootElement, "the SARIF log");
        if (HookJson.String(log, "version", "the SARIF log") != Version)
        {
            throw ScannerOutputException.Malformed($"the output is not a SARIF {Version} log");
        }

        if (!log.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
        {
            throw ScannerOutputException.Malformed("the SARIF log has no runs array");
        }

        var collector = new HookFindingCollector(scannerName, scope);
        var index = 0;
        foreach (var run in runs.EnumerateArray())
        {
            ReadRun(HookJson.RequireObject(run, $"runs[{index}]"), $"runs[{index}]", scope, collector);
            index++;
        }

        return collector.Findings;
    }

    private static void ReadRun(JsonElement run, string where, ArtifactScope scope, HookFindingCollector collector)
    {
        var driver = HookJson.Object(run, "tool", where) is { } tool ? HookJson.Object(tool, "driver", $"{where}.tool") : null;
        if (driver is null)
        {
            throw ScannerOutputException.Malformed($"{where} has no tool.driver");
        }

        var dataVersion = HookJson.String(driver.Value, "version", "tool.driver")
            ?? HookJson.String(driver.Value, "semanticVersion", "tool.driver");
        var rules = HookJson.Array(driver.Value, "rules", "tool.driver").ToList();
        var rulesById = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (HookJson.String(HookJson.RequireObject(rule, "tool.driver.rules[]"), "id", "tool.driver.rules[]") is { } id)
            {
                rulesById.TryAdd(id, rule);
            }
        }

        var context = new RunContext(run, where, rules, rulesById, dataVersion);
        var index = 0;
        foreach (var result in HookJson.Array(run, "results", where))
        {
            ReadResult(HookJson.RequireObject(result, $"{where}.results[{index}]"), $"{where}.results[{index}]", context, scope, collector);
            index++;
        }
    }

    private static void ReadResult(JsonElement result, string where, RunContext run, ArtifactScope scope, HookFindingCollector collector)
    {
        var ruleId = HookJson.String(result, "ruleId", where)
            ?? (HookJson.Object(result, "rule", where) is { } reference ? HookJson.String(reference, "id", $"{where}.rule") : null);
        if (string.IsNullOrEmpty(ruleId))
        {
            throw ScannerOutputException.Malformed($"{where} has no ruleId");
        }

        var rule = FindRule(result, ruleId, where, run);
        var locations = HookJson.Array(result, "locations", where).Select(l => Locate(l, $"{where}.locations[]", run, scope)).ToList();
        if (HookJson.String(result, "kind", where) is "pass" or "notApplicable")
        {
            return;
        }

        var level = HookJson.String(result, "level", where)
            ?? (rule is { } r && HookJson.Object(r, "defaultConfiguration", "rule") is { } configuration
                ? HookJson.String(configuration, "level", "rule.defaultConfiguration")
                : null)
            ?? "warning";
        var levelSeverity = HookSeverity.FromSarifLevel(level)
            ?? throw ScannerOutputException.Malformed($"{where}.level '{DisplayText.Printable(level, 40)}' is not a SARIF level");
        var severity = SecuritySeverity(result) ?? (rule is { } withScore ? SecuritySeverity(withScore) : null) ?? levelSeverity;
        var message = HookJson.Object(result, "message", where) is { } text ? HookJson.String(text, "text", $"{where}.message") : null;
        collector.Add(ruleId, locations.FirstOrDefault() ?? "", severity, message, run.DataVersion);
    }

    private static JsonElement? FindRule(JsonElement result, string ruleId, string where, RunContext run)
    {
        if (HookJson.Integer(result, "ruleIndex", where) is not { } ruleIndex || ruleIndex < 0)
        {
            return run.RulesById.TryGetValue(ruleId, out var byId) ? byId : null;
        }

        return ruleIndex < run.Rules.Count
            ? run.Rules[ruleIndex]
            : throw ScannerOutputException.Malformed($"{where}.ruleIndex {ruleIndex} is past the end of tool.driver.rules");
    }

    private static ScanSeverity? SecuritySeverity(JsonElement holder) =>
        HookJson.Object(holder, "properties", "properties") is { } properties
        && HookJson.Number(properties, "security-severity") is { } score
            ? HookSeverity.FromScore(score)
            : null;

    private static string Locate(JsonElement location, string where, RunContext run, ArtifactScope scope)
    {
        HookJson.RequireObject(location, where);
        if (HookJson.Object(location, "physicalLocation", where) is not { } physical
            || HookJson.Object(physical, "artifactLocation", $"{where}.physicalLocation") is not { } artifactLocation)
        {
            return "";
        }

        return scope.LocateUri(ResolveUri(artifactLocation, $"{where}.physicalLocation.artifactLocation", run, 0));
    }

    // A relative uri with a uriBaseId the run defines (Trivy's ROOTPATH for filesystem scans) is resolved against it, so a
    // base of file:/// cannot make "etc/passwd" look like a path in the artifact.
    private static string ResolveUri(JsonElement artifactLocation, string where, RunContext run, int depth)
    {
        var uri = HookJson.String(artifactLocation, "uri", where);
        if (uri is null && HookJson.Integer(artifactLocation, "index", where) is { } index && depth < MaxBaseDepth)
        {
            var artifact = HookJson.Array(run.Run, "artifacts", run.Where).ElementAtOrDefault(index);
            uri = artifact.ValueKind == JsonValueKind.Object && HookJson.Object(artifact, "location", "artifacts[]") is { } location
                ? ResolveUri(location, $"{run.Where}.artifacts[{index}].location", run, depth + 1)
                : null;
        }

        uri ??= "";
        var baseId = HookJson.String(artifactLocation, "uriBaseId", where);
        if (baseId is null || uri.StartsWith('/') || ArtifactScope.HasScheme(uri))
        {
            return uri;
        }

        if (depth >= MaxBaseDepth)
        {
            throw ScannerOutputException.Malformed($"{where}.uriBaseId '{DisplayText.Printable(baseId, 40)}' nests too deep");
        }

        var bases = HookJson.Object(run.Run, "originalUriBaseIds", run.Where);
        if (bases is null || HookJson.Object(bases.Value, baseId, $"{run.Where}.originalUriBaseIds") is not { } baseLocation)
        {
            return uri;
        }

        var baseUri = ResolveUri(baseLocation, $"{run.Where}.originalUriBaseIds", run, depth + 1);
        return baseUri.Length == 0 ? uri : $"{baseUri.TrimEnd('/')}/{uri}";
    }

    private sealed record RunContext(
        JsonElement Run,
        string Where,
        IReadOnlyList<JsonElement> Rules,
        IReadOnlyDictionary<string, JsonElement> RulesById,
        string? DataVersion);
}
