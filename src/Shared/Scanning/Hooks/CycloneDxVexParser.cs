using System.Text.Json;

namespace TransferPipeline.Shared.Scanning.Hooks;

/// <summary>
/// CycloneDX JSON <c>vulnerabilities[]</c> (a VEX, or a BOM with vulnerabilities as Trivy and Grype write it): one finding per
/// vulnerability and affected component, unless its analysis says it does not apply (<c>not_affected</c>,
/// <c>false_positive</c>, <c>resolved</c>, <c>resolved_with_pedigree</c>). The highest rating wins.
/// </summary>
internal static class CycloneDxVexParser
{
    private static readonly HashSet<string> SpecVersions = new(["1.4", "1.5", "1.6", "1.7"], StringComparer.Ordinal);

    private static readonly HashSet<string> DismissingStates =
        new(["not_affected", "false_positive", "resolved", "resolved_with_pedigree"], StringComparer.Ordinal);

    public static IReadOnlyList<ScanFinding> Parse(ReadOnlyMemory<byte> json, string scannerName, ArtifactScope scope)
    {
        using var document = HookJson.Parse(json, "CycloneDX");
        var bom = HookJson.RequireObject(document.RootElement, "the CycloneDX document");
        if (HookJson.String(bom, "bomFormat", "the document") != "CycloneDX")
        {
            throw ScannerOutputException.Malformed("the output is not a CycloneDX document (bomFormat)");
        }

        var specVersion = HookJson.String(bom, "specVersion", "the document");
        if (specVersion is null || !SpecVersions.Contains(specVersion))
        {
            throw ScannerOutputException.Malformed(
                $"CycloneDX specVersion '{DisplayText.Printable(specVersion, 20)}' is not supported ({string.Join(", ", SpecVersions)})");
        }

        var metadata = HookJson.Object(bom, "metadata", "the document");
        var dataVersion = metadata is { } m ? ToolVersion(m) : null;
        var components = new Dictionary<string, Component>(StringComparer.Ordinal);
        if (metadata is { } withComponent && HookJson.Object(withComponent, "component", "metadata") is { } subject)
        {
            AddComponent(subject, "metadata.component", components);
        }

        AddComponents(bom, "the document", components);
        var collector = new HookFindingCollector(scannerName, scope);
        var index = 0;
        foreach (var vulnerability in HookJson.Array(bom, "vulnerabilities", "the document"))
        {
            var where = $"vulnerabilities[{index++}]";
            ReadVulnerability(HookJson.RequireObject(vulnerability, where), where, components, dataVersion, scope, collector);
        }

        return collector.Findings;
    }

    private static void ReadVulnerability(
        JsonElement vulnerability,
        string where,
        Dictionary<string, Component> components,
        string? dataVersion,
        ArtifactScope scope,
        HookFindingCollector collector)
    {
        var id = HookJson.String(vulnerability, "id", where);
        if (string.IsNullOrEmpty(id))
        {
            throw ScannerOutputException.Malformed($"{where} has no id");
        }

        var affected = new List<(string Location, Component? Component)>();
        foreach (var affects in HookJson.Array(vulnerability, "affects", where))
        {
            var reference = HookJson.String(HookJson.RequireObject(affects, $"{where}.affects[]"), "ref", $"{where}.affects[]");
            if (string.IsNullOrEmpty(reference))
            {
                throw ScannerOutputException.Malformed($"{where}.affects[] has no ref");
            }

            var component = components.GetValueOrDefault(reference);
            var location = scope.LocateReference(reference, component is not null);
            affected.Add((component?.Subject is { } subject ? scope.LocateReference(subject, declared: true) : location, component));
        }

        var state = HookJson.Object(vulnerability, "analysis", where) is { } analysis
            ? HookJson.String(analysis, "state", $"{where}.analysis")
            : null;
        if (state is not null && DismissingStates.Contains(state))
        {
            return;
        }

        var severity = Severity(vulnerability, where);
        var title = HookJson.String(vulnerability, "description", where) ?? HookJson.String(vulnerability, "detail", where);
        if (affected.Count == 0)
        {
            collector.Add(id, "", severity, title, dataVersion);
        }

        foreach (var (location, component) in affected)
        {
            collector.Add(id, location, severity, title, dataVersion, component?.Name, component?.Version);
        }
    }

    private static ScanSeverity Severity(JsonElement vulnerability, string where)
    {
        var highest = ScanSeverity.Unknown;
        foreach (var rating in HookJson.Array(vulnerability, "ratings", where))
        {
            HookJson.RequireObject(rating, $"{where}.ratings[]");
            var severity = HookJson.String(rating, "severity", $"{where}.ratings[]") is { } name
                ? HookSeverity.FromCycloneDx(name)
                    ?? throw ScannerOutputException.Malformed($"{where} has severity '{DisplayText.Printable(name, 40)}'")
                : FromCvssScore(rating, where);
            highest = severity > highest ? severity.Value : highest;
        }

        return highest;
    }

    // Only CVSS scores are severities; Grype also rates EPSS probabilities and KEV membership with method "other".
    private static ScanSeverity? FromCvssScore(JsonElement rating, string where) =>
        HookJson.String(rating, "method", $"{where}.ratings[]") is { } method
        && method.StartsWith("CVSS", StringComparison.Ordinal)
        && HookJson.Number(rating, "score") is { } score
            ? HookSeverity.FromScore(score)
            : null;

    // 1.4: tools is an array of {vendor, name, version}; 1.5 and later: {components: [...], services: [...]}.
    private static string? ToolVersion(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("tools", out var tools))
        {
            return null;
        }

        var list = tools.ValueKind switch
        {
            JsonValueKind.Array => tools.EnumerateArray(),
            JsonValueKind.Object => HookJson.Array(tools, "components", "metadata.tools"),
            JsonValueKind.Null => default,
            _ => throw ScannerOutputException.Malformed("metadata.tools is neither an array nor an object"),
        };
        return list.Where(t => t.ValueKind == JsonValueKind.Object)
            .Select(t => HookJson.String(t, "version", "metadata.tools[]"))
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
    }

    private static void AddComponents(JsonElement parent, string where, Dictionary<string, Component> components)
    {
        foreach (var component in HookJson.Array(parent, "components", where))
        {
            AddComponent(component, $"{where}.components[]", components);
        }
    }

    private static void AddComponent(JsonElement component, string where, Dictionary<string, Component> components)
    {
        HookJson.RequireObject(component, where);
        if (HookJson.String(component, "bom-ref", where) is { Length: > 0 } reference)
        {
            components.TryAdd(reference, new Component(
                HookJson.String(component, "name", where),
                HookJson.String(component, "version", where),
                HookJson.String(component, "purl", where)));
        }

        AddComponents(component, where, components);
    }

    private sealed record Component(string? Name, string? Version, string? Purl)
    {
        /// <summary>What the finding is about: the package URL, else name@version; null leaves the ref itself.</summary>
        public string? Subject => Purl is { Length: > 0 }
            ? Purl
            : Name is { Length: > 0 } ? (Version is { Length: > 0 } ? $"{Name}@{Version}" : Name) : null;
    }
}
