namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>The CVSS v3.1 base score of a vector string (specification section 7), also used for 3.0 vectors.</summary>
internal static class CvssV3
{
    private static readonly string[] BaseMetrics = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];

    /// <summary>The base score, 0.0 to 10.0, or null when <paramref name="vector"/> is not a complete CVSS 3.x vector.</summary>
    public static double? BaseScore(string? vector)
    {
        var metrics = Parse(vector);
        if (metrics is null)
        {
            return null;
        }

        var scopeChanged = metrics["S"] == "C";
        double? attackVector = metrics["AV"] switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? complexity = metrics["AC"] switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? privileges = metrics["PR"] switch
        {
            "N" => 0.85,
            "L" => scopeChanged ? 0.68 : 0.62,
            "H" => scopeChanged ? 0.5 : 0.27,
            _ => null,
        };
        double? interaction = metrics["UI"] switch { "N" => 0.85, "R" => 0.62, _ => null };
        var impacts = new[] { Impact(metrics["C"]), Impact(metrics["I"]), Impact(metrics["A"]) };
        if (attackVector is null || complexity is null || privileges is null || interaction is null
            || impacts.Any(i => i is null) || metrics["S"] is not ("U" or "C"))
        {
            return null;
        }

        var subScore = 1 - impacts.Aggregate(1.0, (product, i) => product * (1 - i!.Value));
        var impact = scopeChanged
            ? (7.52 * (subScore - 0.029)) - (3.25 * Math.Pow(subScore - 0.02, 15))
            : 6.42 * subScore;
        var exploitability = 8.22 * attackVector.Value * complexity.Value * privileges.Value * interaction.Value;
        if (impact <= 0)
        {
            return 0;
        }

        return scopeChanged
            ? Roundup(Math.Min(1.08 * (impact + exploitability), 10))
            : Roundup(Math.Min(impact + exploitability, 10));
    }

    /// <summary>
    /// The smallest number with one decimal that is at least <paramref name="value"/>, computed on integers as
    /// CVSS 3.1 Appendix A says so that floating point error cannot push 4.000000001 up to 4.1.
    /// </summary>
    public static double Roundup(double value)
    {
        var scaled = (long)Math.Round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }

    private static double? Impact(string value) => value switch { "H" => 0.56, "L" => 0.22, "N" => 0, _ => null };

    // Every base metric exactly once; temporal and environmental metrics may follow and do not change the base score.
    private static Dictionary<string, string>? Parse(string? vector)
    {
        var parts = vector?.Trim().Split('/');
        if (parts is null || parts.Length < 1 + BaseMetrics.Length || parts[0] is not ("CVSS:3.0" or "CVSS:3.1"))
        {
            return null;
        }

        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !metrics.TryAdd(part[..colon], part[(colon + 1)..]))
            {
                return null;
            }
        }

        return BaseMetrics.All(metrics.ContainsKey) ? metrics : null;
    }
}
