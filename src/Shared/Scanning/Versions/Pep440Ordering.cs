namespace TransferPipeline.Shared.Scanning.Versions;

/// <summary>
/// PEP 440 ordering, as pip and OSV order PyPI versions: epoch, release (1.0 == 1.0.0), <c>.devN</c> before
/// <c>aN</c>/<c>bN</c>/<c>rcN</c> pre-releases, then the release, then <c>.postN</c>, then local versions (<c>+…</c>).
/// </summary>
public sealed class Pep440Ordering : IVersionOrdering
{
    public string Ecosystem => "PyPI";

    public bool IsValid(string version) => Pep440Version.TryParse(version, out _);

    public int Compare(string a, string b) => Math.Sign(Parse(a).CompareTo(Parse(b)));

    private static Pep440Version Parse(string version) =>
        Pep440Version.TryParse(version, out var parsed) ? parsed! : throw new FormatException($"'{version}' is not a PEP 440 version");
}
