namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// How one package ecosystem orders its version strings, as its own package manager does.
/// </summary>
public interface IVersionOrdering
{
    /// <summary>The OSV ecosystem name without a release suffix, e.g. <c>Debian</c> or <c>PyPI</c>.</summary>
    string Ecosystem { get; }

    /// <summary>Whether <paramref name="version"/> is a version this ecosystem's rules can order.</summary>
    bool IsValid(string version);

    /// <summary>
    /// Negative when <paramref name="a"/> sorts before <paramref name="b"/>, zero when they are the same version,
    /// positive when after. Throws <see cref="FormatException"/> when either is not <see cref="IsValid"/>.
    /// </summary>
    int Compare(string a, string b);
}
