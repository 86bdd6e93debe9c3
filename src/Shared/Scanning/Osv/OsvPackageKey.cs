using System.Text.RegularExpressions;
using TransferPipeline.Shared.Scanning.Versions;

namespace TransferPipeline.Shared.Scanning.Osv;

/// <summary>
/// The index key of a package: its ecosystem as the version ordering names it (no release suffix) and its name as the
/// ecosystem compares names (PyPI by PEP 503 normal form, NuGet ignoring case, the others exactly).
/// </summary>
internal readonly partial record struct OsvPackageKey(string Ecosystem, string Name)
{
    /// <summary>The key for an OSV ecosystem name and package name; null for an ecosystem without an ordering here.</summary>
    public static OsvPackageKey? For(string? osvEcosystem, string? name)
    {
        var ordering = VersionOrderings.For(osvEcosystem);
        if (ordering is null || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var normal = ordering.Ecosystem switch
        {
            "PyPI" => PythonSeparators().Replace(name.Trim(), "-").ToLowerInvariant(),
            "NuGet" => name.Trim().ToLowerInvariant(),
            _ => name.Trim(),
        };
        return new OsvPackageKey(ordering.Ecosystem, normal);
    }

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex PythonSeparators();
}
